package dev.meridian.pop.http;

import dev.meridian.pop.io.WebSocketSession;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket accepted by a worker, on its Netty channel. Messages from the client wait in a queue of
 * at most one socket read; the channel reads again only when the worker pulls and the queue is empty.
 * All state is touched on the channel's event loop.
 */
final class NettyWebSocket implements WebSocketSession {

  /** One message, or the close (text null and bytes null). */
  private record Message(@Nullable String text, byte @Nullable [] bytes, int code, String reason) {}

  private final Channel channel;
  private final ArrayDeque<Message> arrived = new ArrayDeque<>();
  private @Nullable Receiver waiting;
  private boolean closed;

  NettyWebSocket(Channel channel) {
    this.channel = channel;
  }

  @Override
  public void next(Receiver receiver) {
    channel.eventLoop().execute(() -> {
      waiting = receiver;
      serve();
      if (waiting != null && !closed) {
        channel.read();
      }
    });
  }

  @Override
  public void sendText(String text) {
    channel.eventLoop().execute(() -> {
      if (!closed) {
        channel.writeAndFlush(new TextWebSocketFrame(text));
      }
    });
  }

  @Override
  public void sendBinary(byte[] bytes) {
    channel.eventLoop().execute(() -> {
      if (!closed) {
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
      }
    });
  }

  @Override
  public void close(int code, String reason) {
    channel.eventLoop().execute(() -> {
      if (!closed) {
        closed = true;
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
      }
    });
  }

  /** On the loop: a message from the client. */
  void text(String text) {
    arrived.add(new Message(text, null, 0, ""));
    serve();
  }

  /** On the loop: a binary message from the client. */
  void binary(byte[] bytes) {
    arrived.add(new Message(null, bytes, 0, ""));
    serve();
  }

  /** On the loop: the client closed (its close frame, or the connection dropped: 1006). */
  void closedByClient(int code, String reason) {
    if (!closed) {
      closed = true;
      arrived.add(new Message(null, null, code, reason));
      serve();
    }
  }

  private void serve() {
    Receiver receiver = waiting;
    Message message = receiver == null ? null : arrived.poll();
    if (message == null) {
      return;
    }
    waiting = null;
    if (message.text() != null) {
      receiver.onText(message.text());
    } else if (message.bytes() != null) {
      receiver.onBinary(message.bytes());
    } else {
      receiver.onClose(message.code(), message.reason());
    }
  }
}
