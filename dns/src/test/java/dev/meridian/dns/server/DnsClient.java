package dev.meridian.dns.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/** Sends raw queries to a server under test over UDP or TCP, with a timeout so a test cannot hang. */
final class DnsClient implements AutoCloseable {

  private static final int TIMEOUT_MS = 5000;

  private final InetSocketAddress server;
  private final DatagramSocket udp;

  DnsClient(int port) throws IOException {
    this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    this.udp = new DatagramSocket();
    udp.setSoTimeout(TIMEOUT_MS);
  }

  void send(byte[] query) throws IOException {
    udp.send(new DatagramPacket(query, query.length, server));
  }

  byte[] receive() throws IOException {
    byte[] buffer = new byte[65535];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    udp.receive(packet);
    return Arrays.copyOf(buffer, packet.getLength());
  }

  byte[] udp(byte[] query) throws IOException {
    send(query);
    return receive();
  }

  /** One query over a new TCP connection; null when the server closes it without answering. */
  byte[] tcp(byte[] query) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(server, TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      return tcpOn(socket, query);
    }
  }

  static byte[] tcpOn(Socket socket, byte[] query) throws IOException {
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    out.writeShort(query.length);
    out.write(query);
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int length;
    try {
      length = in.readUnsignedShort();
    } catch (java.io.EOFException e) {
      return null;
    }
    byte[] response = new byte[length];
    in.readFully(response);
    return response;
  }

  Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(server, TIMEOUT_MS);
    socket.setSoTimeout(TIMEOUT_MS);
    return socket;
  }

  @Override
  public void close() {
    udp.close();
  }
}
