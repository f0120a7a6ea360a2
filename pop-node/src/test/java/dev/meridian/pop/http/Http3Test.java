package dev.meridian.pop.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.pop.server.TestNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP/3 at the edges: datagrams that are not QUIC, a body over the limit, and a graceful close. */
class Http3Test {

  static final long MAX_BODY = 64 * 1024;

  TestCa ca;
  TestNode node;

  @BeforeEach
  void start() throws Exception {
    ca = new TestCa();
    TestCa.Issued leaf = ca.issue("h3.test");
    node = TestNode.withTls(TlsCertificates.withDefault(leaf.keys().getPrivate(), leaf.chain()), true,
        HttpLimits.DEFAULTS.withMaxBodyBytes(MAX_BODY).withHeaderTimeout(Duration.ofMillis(300)));
    node.deploy("slow", """
        export default {
          async fetch(request) {
            const body = await request.text();
            await new Promise(resolve => setTimeout(resolve, Number(new URL(request.url).searchParams.get("ms") ?? 0)));
            return new Response("done " + body.length);
          },
        };
        """);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private Http3TestClient client() throws Exception {
    return new Http3TestClient("h3.test", node.front.http3Port(), ca.certificate);
  }

  @Test
  void datagramsThatAreNotQuicAreDroppedAndTheListenerGoesOn() throws Exception {
    SecureRandom random = new SecureRandom();
    try (DatagramSocket socket = new DatagramSocket()) {
      for (int i = 0; i < 200; i++) {
        byte[] junk = new byte[1 + random.nextInt(1400)];
        random.nextBytes(junk);
        if (i % 2 == 0) {
          junk[0] = (byte) 0xC0; // a long-header (Initial-looking) packet, with nonsense after it
        }
        socket.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), node.front.http3Port()));
      }
    }
    try (Http3TestClient client = client()) {
      assertEquals("done 0", client.request("GET", "/slow/", new byte[0]).body());
    }
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413AndTheConnectionServesOn() throws Exception {
    try (Http3TestClient client = client()) {
      Http3TestClient.Response refused = client.request("POST", "/slow/", new byte[(int) MAX_BODY + 1]);
      assertEquals(413, refused.status());
      assertEquals("done 5", client.request("POST", "/slow/", "12345".getBytes()).body());
    }
  }

  @Test
  void aStreamWithoutARequestHeadIsClosedAfterTheHeaderTimeout() throws Exception {
    try (Http3TestClient client = client()) {
      QuicStreamChannel idle = client.openStreamWithoutHead();
      for (int i = 0; i < 1000 && !idle.isInputShutdown(); i++) {
        Thread.sleep(10);
      }
      assertTrue(idle.isInputShutdown(), "the server reset the stream");
      assertEquals("done 0", client.request("GET", "/slow/", new byte[0]).body(), "the connection serves on");
    }
  }

  @Test
  void largeUploadsAndStreamedResponsesFlowThroughOnDemand() throws Exception {
    node.deploy("stream", """
        export default {
          async fetch(request) {
            let total = 0;
            for await (const chunk of request.body) total += chunk.length;
            const parts = Number(new URL(request.url).searchParams.get("parts"));
            let i = 0;
            return new Response(new ReadableStream({
              async pull(controller) {
                if (i++ === parts) { controller.close(); return; }
                await new Promise(resolve => setTimeout(resolve, 1));
                controller.enqueue(new TextEncoder().encode("part" + i + "/" + total + ";"));
              },
            }));
          },
        };
        """);
    try (Http3TestClient client = client()) {
      byte[] upload = new byte[(int) MAX_BODY];
      Http3TestClient.Response response = client.request("POST", "/stream/?parts=50", upload);
      assertEquals(200, response.status());
      StringBuilder expected = new StringBuilder();
      for (int i = 1; i <= 50; i++) {
        expected.append("part").append(i).append('/').append(MAX_BODY).append(';');
      }
      assertEquals(expected.toString(), response.body());
    }
  }

  @Test
  void aUdpPortInUseIsAClearErrorAndLeavesNothingBound() throws Exception {
    TestCa.Issued leaf = ca.issue("h3.test");
    TlsCertificates certificates = TlsCertificates.withDefault(leaf.keys().getPrivate(), leaf.chain());
    try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      int tcp;
      try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
        tcp = probe.getLocalPort();
      }
      HttpFront.Config config = new HttpFront.Config("127.0.0.1", 0, tcp, certificates, HttpLimits.DEFAULTS,
          HttpFront.DEFAULT_DRAIN_TIMEOUT).withHttp3(taken.getLocalPort());
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> HttpFront.start(config, exchange -> exchange.respond(200, java.util.List.of(), new byte[0])));
      assertTrue(e.getMessage().startsWith("HTTP/3 cannot listen on udp/" + taken.getLocalPort()), e.getMessage());
      try (java.net.ServerSocket again = new java.net.ServerSocket()) {
        again.bind(new java.net.InetSocketAddress("127.0.0.1", tcp));
        assertTrue(again.isBound(), "the TLS port was let go");
      }
    }
  }

  @Test
  void closeLetsARequestInFlightFinishThenStops() throws Exception {
    try (Http3TestClient client = client()) {
      CompletableFuture<Http3TestClient.Response> slow = CompletableFuture.supplyAsync(() -> {
        try {
          return client.request("GET", "/slow/?ms=500", new byte[0]);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      for (int i = 0; i < 1000 && node.front.inFlight() == 0; i++) {
        Thread.sleep(5);
      }
      assertEquals(1, node.front.inFlight(), "the request reached the worker");
      int port = node.front.http3Port();
      node.front.close();
      Http3TestClient.Response response = slow.get();
      assertEquals(200, response.status());
      assertEquals("done 0", response.body());
      try (DatagramSocket free = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"))) {
        assertTrue(free.isBound(), "the UDP port was let go");
      }
    }
  }
}
