import Foundation

/// The address a request came from. Behind a TLS proxy every connection comes from the proxy, so
/// its `X-Forwarded-For` is believed, but only when the connection itself comes from a proxy the
/// operator named (`ATTEST_TRUSTED_PROXIES`): anyone else could write that header.
public struct ClientAddress: Sendable {
    public let trustedProxies: Set<String>

    public init(trustedProxies: [String] = []) {
        self.trustedProxies = Set(trustedProxies.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    /// The connection's peer, or, when that is a trusted proxy, the rightmost address in
    /// `X-Forwarded-For` that is not itself a trusted proxy (proxies append; the left end is the client's own claim).
    public func resolve(peer: String, forwardedFor: String?) -> String {
        guard trustedProxies.contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !trustedProxies.contains(hop) {
            return String(hop.prefix(64))
        }
        return peer
    }
}
