import ComplianceCore
import Foundation
import Hummingbird
import UseCases

/// Who is making a request, and through which credential.
public struct Identity: Sendable {
    public let user: User
    public let session: WebSession?
    public let token: APIToken?
}

/// The request context: Hummingbird's core storage plus the caller's identity and address.
public struct AttestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    /// A session that has passed the password but not yet the second factor.
    public var pendingSession: WebSession?
    public let remoteAddress: String
    /// A one-time message from the form that redirected here (see `NoticeMiddleware`).
    public var notice: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// JSON bodies and forms are small; evidence uploads (later) raise this on their own routes.
    public var maxUploadSize: Int { 1 << 20 }

    /// JSON out is snake_case with RFC 3339 dates and sorted keys, whatever the Swift names are.
    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.rfc3339(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The signed-in user, or `unauthenticated`.
    public func requireIdentity() throws(DomainError) -> Identity {
        guard let identity else {
            throw DomainError(.unauthenticated, code: "unauthenticated", "Sign in, or send an API token as 'Authorization: Bearer <token>'.")
        }
        return identity
    }

    /// The organisation named by the `{org}` path parameter, as the caller reaches it. Unknown and
    /// unreachable organisations are the same `not_found`.
    public func organizationScope(in workflows: Workflows) async throws -> TenantScope {
        try await workflows.organizations.scope(slug: try parameters.require("org"), userID: try requireIdentity().user.id)
    }

    /// The CSRF token of the caller's session, for forms.
    public var csrfToken: String {
        identity?.session?.csrfToken ?? pendingSession?.csrfToken ?? ""
    }
}
