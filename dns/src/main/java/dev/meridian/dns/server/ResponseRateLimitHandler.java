package dev.meridian.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/**
 * Response rate limiting on a UDP socket: each response on its way out is sent, dropped, or sent
 * empty with TC set, as the {@link ResponseRateLimiter} decides for its client's network and its
 * kind, which this reads from the response's header and question:
 *
 * <table>
 *   <caption>Response kinds</caption>
 *   <tr><th>response</th><th>bucket per network</th></tr>
 *   <tr><td>NOERROR (answers, NODATA, referrals)</td><td>one per question name (any case) and type</td></tr>
 *   <tr><td>NXDOMAIN</td><td>one for all names</td></tr>
 *   <tr><td>any other rcode</td><td>one for all errors</td></tr>
 * </table>
 *
 * <p>A truncated ("slipped") response keeps the header and the question, with TC set and no records.
 * First in the UDP pipeline, before {@link UdpQueryHandler}, whose writes pass through it. Sharable:
 * its state is the limiter's table, safe across event loops. TCP has no such handler: a TCP client's
 * address is proven by the handshake.
 */
@ChannelHandler.Sharable
final class ResponseRateLimitHandler extends ChannelOutboundHandlerAdapter {

  private static final long KIND_NXDOMAIN = 1;
  private static final long KIND_ERROR = 2;
  private static final int NOERROR = 0;
  private static final int NXDOMAIN = 3;

  private final ResponseRateLimiter limiter;
  private final DnsMetrics metrics;

  ResponseRateLimitHandler(ResponseRateLimiter limiter, DnsMetrics metrics) {
    this.limiter = limiter;
    this.metrics = metrics;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof DatagramPacket packet)) {
      ctx.write(msg, promise);
      return;
    }
    ByteBuf response = packet.content();
    int base = response.readerIndex();
    int questionEnd = questionEnd(response, base);
    int rcode = response.getUnsignedByte(base + 3) & 0xf;
    long kind = rcode == NOERROR && questionEnd > 0 ? questionHash(response, base, questionEnd)
        : rcode == NXDOMAIN ? KIND_NXDOMAIN : KIND_ERROR;
    switch (limiter.check(packet.recipient().getAddress(), kind)) {
      case SEND -> ctx.write(msg, promise);
      case SLIP -> {
        metrics.slipped();
        truncate(response, base, questionEnd);
        ctx.write(msg, promise);
      }
      case DROP -> {
        metrics.dropped(DnsMetrics.Drop.RATE_LIMITED);
        ReferenceCountUtil.release(msg);
        promise.trySuccess();
      }
    }
  }

  /** The end of the one question after the header; 0 when there is none (header-only errors). */
  private static int questionEnd(ByteBuf response, int base) {
    int end = response.writerIndex();
    if (end - base < QueryResponder.HEADER_LENGTH || response.getUnsignedShort(base + 4) != 1) {
      return 0;
    }
    int pos = base + QueryResponder.HEADER_LENGTH;
    while (pos < end) {
      int label = response.getUnsignedByte(pos);
      if (label == 0) {
        return pos + 5 <= end ? pos + 5 : 0;
      }
      if (label > 63) {
        return 0; // a compression pointer: never in a question we write, but not ours to follow
      }
      pos += label + 1;
    }
    return 0;
  }

  /** FNV-1a over the question's name in lower case and its type (not its class: only IN is answered). */
  private static long questionHash(ByteBuf response, int base, int questionEnd) {
    long hash = 0xcbf29ce484222325L;
    int type = questionEnd - 4;
    for (int pos = base + QueryResponder.HEADER_LENGTH; pos < type; pos++) {
      int b = response.getUnsignedByte(pos);
      hash = (hash ^ (b >= 'A' && b <= 'Z' ? b + 32 : b)) * 0x100000001b3L;
    }
    return (hash ^ response.getUnsignedShort(type)) * 0x100000001b3L;
  }

  /** Cuts the response to its header and question, no records, TC set. */
  private static void truncate(ByteBuf response, int base, int questionEnd) {
    response.setByte(base + 2, response.getUnsignedByte(base + 2) | 0x02);
    response.setShort(base + 6, 0);
    response.setShort(base + 8, 0);
    response.setShort(base + 10, 0);
    if (questionEnd == 0) {
      response.setShort(base + 4, 0);
      questionEnd = base + QueryResponder.HEADER_LENGTH;
    }
    response.writerIndex(questionEnd);
  }
}
