// A small EventSource for Node (which has none before v22), on fetch: enough for the SDK's live status (named events,
// readyState, onerror, close). The real-browser check (test/browser/) uses Chromium's own.
export class FetchEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  static opened = [];

  constructor(url) {
    this.url = url;
    this.readyState = FetchEventSource.CONNECTING;
    this.listeners = new Map();
    this.onerror = null;
    this.controller = new AbortController();
    FetchEventSource.opened.push(url);
    this.run();
  }

  addEventListener(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(listener);
  }

  close() {
    this.readyState = FetchEventSource.CLOSED;
    this.controller.abort();
  }

  async run() {
    try {
      const response = await fetch(this.url, { headers: { Accept: "text/event-stream" }, signal: this.controller.signal });
      if (!response.ok || !(response.headers.get("Content-Type") ?? "").includes("text/event-stream")) {
        throw new Error(`stream answered ${response.status}`);
      }
      this.readyState = FetchEventSource.OPEN;
      const decoder = new TextDecoder();
      let buffer = "";
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n/g, "\n");
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let type = "message";
          const data = [];
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) type = line.slice(6).trim();
            else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
          }
          if (data.length) {
            for (const listener of this.listeners.get(type) ?? []) listener({ type, data: data.join("\n") });
          }
        }
      }
      throw new Error("stream ended");
    } catch (failure) {
      if (this.readyState === FetchEventSource.CLOSED) return;
      this.readyState = FetchEventSource.CLOSED;
      this.onerror?.(failure);
    }
  }
}
