import dns from "node:dns";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createTcpServer } from "node:net";
import os from "node:os";
import { afterEach, describe, expect, test, vi } from "vitest";
import { addressProblem, OutboundRefused, outboundUrlProblem, postGuarded, storableText } from "@/server/net/outbound";

afterEach(() => {
  delete process.env.ALLOW_PRIVATE_URLS;
  vi.restoreAllMocks();
});

/** Makes `dns.lookup` answer these addresses for every name (as a resolver controlled by an attacker would). */
function resolveTo(...addresses: string[]) {
  vi.spyOn(dns, "lookup").mockImplementation(((_host: string, _options: unknown, callback: unknown) => {
    (callback as (e: null, a: { address: string; family: number }[]) => void)(
      null,
      addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
    );
  }) as unknown as typeof dns.lookup);
}

/** A receiver on this machine that counts what reaches it. */
async function receiver(): Promise<{ url: string; hits: number; close(): Promise<void> }> {
  const state = { hits: 0 };
  const server: Server = createServer((req, res) => {
    state.hits++;
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    get hits() {
      return state.hits;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe("addressProblem: only public unicast addresses may be reached", () => {
  const refused: [string, string][] = [
    ["127.0.0.1", "loopback"],
    ["127.53.1.9", "loopback"],
    ["::1", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["fe80::1", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["fd00::1", "uniqueLocal"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["::ffff:10.0.0.1", "private"],
    // IPv4-compatible (what new URL makes of [::127.0.0.1]), NAT64 and 6to4 forms carry an IPv4 address too.
    ["::7f00:1", "loopback"],
    ["::a9fe:a9fe", "linkLocal"],
    ["64:ff9b::a00:1", "private"],
    ["2002:a00:1::1", "private"],
  ];
  for (const [address, range] of refused) {
    test(`${address} is ${range}`, () => expect(addressProblem(address)).toBe(range));
  }
  test("public addresses pass", () => {
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "64:ff9b::5db8:d822"]) {
      expect(addressProblem(address)).toBeNull();
    }
  });
  test("this machine's own interface addresses are refused, whatever their range", () => {
    const own = Object.values(os.networkInterfaces())
      .flatMap((list) => list ?? [])
      .map((a) => a.address.split("%")[0] as string);
    expect(own.length).toBeGreaterThan(0);
    for (const address of own) expect(addressProblem(address), address).not.toBeNull();
  });
});

describe("outboundUrlProblem: a URL is refused for any spelling of a private address", () => {
  const spellings = [
    "http://localhost/hook",
    "http://LOCALHOST./hook",
    "http://api.localhost:8080/hook",
    "http://127.0.0.1/hook",
    "http://2130706433/hook",
    "http://0x7f000001/hook",
    "http://0177.0.0.1/hook",
    "http://127.1/hook",
    "http://[::1]:3000/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[::ffff:7f00:1]/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd12:3456::1]/hook",
    "http://100.100.100.200/hook",
    "http://0.0.0.0:80/hook",
    "https://10.0.0.7/hook",
    "http://[::127.0.0.1]/hook",
    "http://[::]/hook",
    "http://0/hook",
    "http://127.0.0.1./hook",
    "http://[64:ff9b::a9fe:a9fe]/hook",
  ];
  for (const url of spellings) {
    test(url, async () => expect(await outboundUrlProblem(url)).toMatch(/this machine|address/));
  }

  test("a name that resolves to a private address is refused; one that does not resolve is left to the send", async () => {
    resolveTo("93.184.216.34", "10.0.0.5");
    expect(await outboundUrlProblem("https://hooks.example.org/a")).toMatch(/resolves to 10\.0\.0\.5, a private/);
    vi.restoreAllMocks();
    vi.spyOn(dns, "lookup").mockImplementation(((_h: string, _o: unknown, callback: unknown) =>
      (callback as (e: Error) => void)(Object.assign(new Error("nope"), { code: "ENOTFOUND" }))) as never);
    expect(await outboundUrlProblem("https://not-resolvable.example/a")).toBeNull();
  });

  test("public addresses pass, and ALLOW_PRIVATE_URLS=1 lifts the rule", async () => {
    expect(await outboundUrlProblem("https://93.184.216.34/hook")).toBeNull();
    process.env.ALLOW_PRIVATE_URLS = "1";
    expect(await outboundUrlProblem("http://127.0.0.1:9/hook")).toBeNull();
  });
});

describe("postGuarded: the address is checked when the request is made, and the socket goes to it", () => {
  test("a private address is refused before any connection; with ALLOW_PRIVATE_URLS=1 it is reached", async () => {
    const local = await receiver();
    await expect(postGuarded(local.url, { headers: {}, body: "{}" })).rejects.toBeInstanceOf(OutboundRefused);
    expect(local.hits).toBe(0);
    process.env.ALLOW_PRIVATE_URLS = "1";
    await expect(postGuarded(local.url, { headers: {}, body: "{}" })).resolves.toEqual({ status: 200, text: "ok" });
    expect(local.hits).toBe(1);
    await local.close();
  });

  test("a name that now resolves to this machine (DNS rebinding after the check) is refused at the connection", async () => {
    const local = await receiver();
    const port = new URL(local.url).port;
    resolveTo("127.0.0.1");
    await expect(postGuarded(`http://rebound.example:${port}/hook`, { headers: {}, body: "{}" })).rejects.toMatchObject(
      { code: "EPRIVATEADDRESS", message: /resolves to 127\.0\.0\.1, a loopback address/ },
    );
    expect(local.hits).toBe(0);
    await local.close();
  });

  test("one private address among public ones in the DNS answer is enough to refuse", async () => {
    const local = await receiver();
    const port = new URL(local.url).port;
    resolveTo("93.184.216.34", "127.0.0.1");
    await expect(postGuarded(`http://mixed.example:${port}/hook`, { headers: {}, body: "{}" })).rejects.toMatchObject({
      code: "EPRIVATEADDRESS",
    });
    expect(local.hits).toBe(0);
    await local.close();
  });

  test("a receiver that answers 200 and then trickles its body is a delivery, not a timeout", async () => {
    process.env.ALLOW_PRIVATE_URLS = "1";
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200);
      res.write("ok ");
      // ... and never ends.
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const answer = await postGuarded(url, { headers: {}, body: "{}", signal: AbortSignal.timeout(5000) });
    expect(answer).toEqual({ status: 200, text: "ok " });
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  test("redirects are answers, never followed", async () => {
    process.env.ALLOW_PRIVATE_URLS = "1";
    const server = createServer((_req, res) => {
      res.writeHead(302, { location: "http://169.254.169.254/" });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await expect(postGuarded(url, { headers: {}, body: "{}" })).resolves.toMatchObject({ status: 302 });
    await new Promise<void>((r) => server.close(() => r()));
  });

  test("an answer of junk bytes (NUL, broken UTF-8) comes back as text PostgreSQL can store", async () => {
    process.env.ALLOW_PRIVATE_URLS = "1";
    const junk = Buffer.from([0x6f, 0x6b, 0x00, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x01, 0xc3]);
    const server = createTcpServer((socket) => {
      socket.once("data", () => {
        socket.end(Buffer.concat([Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"), junk]));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const answer = await postGuarded(url, { headers: {}, body: "{}" });
    expect(answer.status).toBe(200);
    expect(answer.text.startsWith("ok")).toBe(true);
    expect(answer.text).toBe(storableText(answer.text));
    expect(answer.text.includes("\u0000")).toBe(false);
    expect(answer.text).toBe(answer.text.normalize());
    expect(() => JSON.parse(JSON.stringify(answer.text))).not.toThrow();
    await new Promise<void>((r) => server.close(() => r()));
  });
});

describe("storableText", () => {
  test("replaces NUL, control characters and lone surrogates; keeps tabs, line breaks and pairs", () => {
    expect(storableText("a\u0000b\u0007c\td\ne\r")).toBe("a\uFFFDb\uFFFDc\td\ne\r");
    expect(storableText("x\uD83Dy\uDE00z 😀")).toBe("x\uFFFDy\uFFFDz 😀");
  });
});
