import { describe, expect, it } from "vitest";
import { cidrContains, isPrivateAddress, parseCidr, parseIp } from "./ip-ranges";

describe("isPrivateAddress", () => {
  const privateAddresses = [
    // IPv4
    "0.0.0.0",
    "0.1.2.3",
    "10.0.0.1",
    "10.255.255.255",
    "100.64.0.1",
    "100.127.255.254",
    "127.0.0.1",
    "127.1.2.3",
    "169.254.169.254", // cloud metadata
    "169.254.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.0.0.8",
    "192.0.2.10",
    "192.168.1.1",
    "198.18.0.1",
    "198.19.255.255",
    "198.51.100.7",
    "203.0.113.9",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    // IPv6
    "::",
    "::1",
    "[::1]",
    "fe80::1",
    "fe80::1%eth0",
    "febf:ffff::1",
    "fec0::1",
    "fc00::1",
    "fd12:3456:789a::1",
    "ff02::1",
    "100::1",
    "2001:db8::1",
    "3fff::1",
    // IPv4 inside IPv6
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::127.0.0.1",
    "::ffff:0:127.0.0.1",
    "64:ff9b::10.0.0.1",
    "64:ff9b::7f00:1",
    "64:ff9b:1::1",
    "2002:7f00:0001::1", // 6to4 of 127.0.0.1
    "2002:c0a8:0101::1", // 6to4 of 192.168.1.1
    "2001:0:4136:e378:8000:63bf:f5ff:fffe", // Teredo, client 10.0.0.1 (inverted)
    // Not addresses: fail closed
    "",
    "localhost",
    "example.com",
    "127.1",
    "2130706433",
    "0x7f.0.0.1",
    "010.0.0.1",
    "1.2.3.4.5",
    "::ffff:999.0.0.1",
    "1:2:3:4:5:6:7:8:9",
  ];
  const publicAddresses = [
    "1.1.1.1",
    "8.8.8.8",
    "9.255.255.255",
    "11.0.0.1",
    "100.63.255.255",
    "100.128.0.1",
    "126.255.255.255",
    "128.0.0.1",
    "169.253.255.255",
    "169.255.0.1",
    "172.15.255.255",
    "172.32.0.1",
    "192.0.1.1",
    "192.167.255.255",
    "192.169.0.1",
    "198.17.255.255",
    "198.20.0.1",
    "223.255.255.255",
    "2001:4860:4860::8888",
    "2606:4700:4700::1111",
    "2a00:1450:4007:80e::200e",
    "[2a00:1450:4007:80e::200e]",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:0808:0808::1", // 6to4 of 8.8.8.8
    "2001:0:4136:e378:8000:63bf:f7f7:f7f7", // Teredo, client 8.8.8.8
  ];

  it.each(privateAddresses)("%s is private", (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });
  it.each(publicAddresses)("%s is public", (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });
});

describe("parseIp and CIDRs", () => {
  it("expands IPv6 forms to the same bytes", () => {
    const a = parseIp("::ffff:127.0.0.1")!;
    const b = parseIp("0:0:0:0:0:ffff:7f00:0001")!;
    expect(a.family).toBe(6);
    expect([...a.bytes]).toEqual([...b.bytes]);
    expect([...parseIp("1::")!.bytes]).toEqual([0, 1, ...new Array(14).fill(0)]);
    expect(parseIp("1::2::3")).toBeNull();
    expect(parseIp("12345::")).toBeNull();
  });

  it("matches networks of both families, mapped IPv4 included", () => {
    const ten = parseCidr("10.0.0.0/8")!;
    expect(cidrContains(ten, "10.20.30.40")).toBe(true);
    expect(cidrContains(ten, "11.0.0.1")).toBe(false);
    expect(cidrContains(ten, "::ffff:10.1.1.1")).toBe(true);
    expect(cidrContains(ten, "64:ff9b::10.1.1.1")).toBe(false);
    const odd = parseCidr("172.16.0.0/12")!;
    expect(cidrContains(odd, "172.31.0.1")).toBe(true);
    expect(cidrContains(odd, "172.32.0.1")).toBe(false);
    const ula = parseCidr("fd00::/8")!;
    expect(cidrContains(ula, "fd12::1")).toBe(true);
    expect(cidrContains(ula, "fc00::1")).toBe(false);
    expect(cidrContains(ula, "10.0.0.1")).toBe(false);
    expect(cidrContains(parseCidr("0.0.0.0/0")!, "8.8.8.8")).toBe(true);
    expect(cidrContains(parseCidr("10.0.0.5")!, "10.0.0.5")).toBe(true);
    expect(cidrContains(parseCidr("10.0.0.5")!, "10.0.0.6")).toBe(false);
    expect(parseCidr("10.0.0.0/33")).toBeNull();
    expect(parseCidr("10.0.0.0/x")).toBeNull();
    expect(parseCidr("::/129")).toBeNull();
  });
});
