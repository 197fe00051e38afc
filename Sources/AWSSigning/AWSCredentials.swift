import Foundation

/// An access key pair, with a session token when temporary. Its description never shows the
/// secret or the token, so a credential that reaches a log line or an error message leaks nothing.
public struct AWSCredentials: Sendable, CustomStringConvertible {
    public let accessKeyID: String
    let secretAccessKey: String
    let sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The variables every AWS tool reads: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, for
    /// temporary credentials, `AWS_SESSION_TOKEN`. Nil when either of the first two is missing.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> AWSCredentials? {
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty,
            let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        else { return nil }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
    }

    public var isTemporary: Bool { sessionToken != nil }

    public var description: String {
        "access key \(accessKeyID.prefix(4))…\(accessKeyID.suffix(4))\(isTemporary ? " (temporary)" : "")"
    }
}
