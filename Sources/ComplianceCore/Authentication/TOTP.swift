import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238, HMAC-SHA1, 6 digits, 30-second steps), the kind every
/// authenticator app speaks.
public struct TOTP: Sendable {
    public let secret: [UInt8]

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    /// A new random 20-byte secret.
    public static func generate() -> TOTP {
        TOTP(secret: SecureRandom.bytes(20))
    }

    public init?(base32 text: String) {
        guard let bytes = Base32.decode(text), !bytes.isEmpty else { return nil }
        self.secret = bytes
    }

    public var base32: String { Base32.encode(secret) }

    public func code(at date: Date) -> String {
        code(counter: UInt64(max(0, date.timeIntervalSince1970) / 30))
    }

    func code(counter: UInt64) -> String {
        let message = withUnsafeBytes(of: counter.bigEndian) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let value =
            (UInt32(mac[offset] & 0x7f) << 24 | UInt32(mac[offset + 1]) << 16 | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3])) % 1_000_000
        let text = String(value)
        return String(repeating: "0", count: 6 - text.count) + text
    }

    /// Accepts the code of the current step or one step either side, for clock drift.
    public func verify(_ code: String, at date: Date) -> Bool {
        step(of: code, at: date) != nil
    }

    /// The time step whose code this is (the current one or one either side), or nil. A caller that
    /// remembers the last step it accepted refuses a code of that step or earlier: a code works once.
    public func step(of code: String, at date: Date) -> Int64? {
        let digits = code.filter { !$0.isWhitespace }
        guard digits.count == 6 else { return nil }
        let step = Int64(max(0, date.timeIntervalSince1970) / 30)
        return (step - 1...step + 1).first { $0 >= 0 && constantTimeEquals(self.code(counter: UInt64($0)), digits) }
    }

    /// The `otpauth://` URL an authenticator app reads (usually as a QR code).
    public func provisioningURL(account: String, issuer: String = "Attest") -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~@:"))
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        return "otpauth://totp/\(label)?secret=\(base32)&issuer=\(issuer)&algorithm=SHA1&digits=6&period=30"
    }
}

/// Compares without stopping at the first difference, so timing reveals nothing.
public func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for index in x.indices { difference |= x[index] ^ y[index] }
    return difference == 0
}

/// Random bytes from the system's secure generator.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// URL-safe text with `bytes` bytes of entropy.
    public static func token(bytes count: Int = 32) -> String {
        Base64URL.encode(bytes(count))
    }
}
