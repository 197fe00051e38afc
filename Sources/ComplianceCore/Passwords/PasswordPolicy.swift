import Foundation

/// The rules a new password must meet: 12 to 128 characters, not a well-known password, not the email.
///
/// Follows NIST SP 800-63B: length over composition rules, and a check against a list of passwords
/// that attackers try first. The list ships with Attest (`common-passwords.txt`).
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 12
    public static let maximumLength = 128

    private let common: Set<String>

    public init(commonPasswords: Set<String>) {
        self.common = commonPasswords
    }

    /// The policy with the bundled list.
    public static let standard = PasswordPolicy(commonPasswords: bundledList())

    public func check(_ password: String, email: EmailAddress? = nil) throws(DomainError) {
        guard password.count >= Self.minimumLength else {
            throw .invalid("password", "must be at least \(Self.minimumLength) characters.")
        }
        guard password.count <= Self.maximumLength else {
            throw .invalid("password", "must be at most \(Self.maximumLength) characters.")
        }
        let folded = password.lowercased()
        guard !common.contains(folded) else {
            throw .invalid("password", "is on the list of commonly used passwords; choose another.")
        }
        if let email, Self.isVariation(of: email, folded) {
            throw .invalid("password", "must not be your email address or a small variation of it.")
        }
    }

    /// True when the password is the email, or its local part with fewer than four characters added.
    private static func isVariation(of email: EmailAddress, _ folded: String) -> Bool {
        let local = String(email.rawValue.prefix { $0 != "@" })
        return folded == email.rawValue || (local.count >= 4 && folded.contains(local) && folded.count - local.count < 4)
    }

    public var listSize: Int { common.count }

    private static func bundledList() -> Set<String> {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).map { $0.lowercased() })
    }
}
