/** WebSocket, WebSocketPair, MessageEvent and CloseEvent; see {@code api/websocket/README.md}. */
@NullMarked
package dev.meridian.pop.api.websocket;

import org.jspecify.annotations.NullMarked;
