import Foundation

/// A signed-in browser.
public struct WebSession: Sendable {
    public let id: UUID
    public let userID: UUID
    public let csrfToken: String
    /// False while waiting for the second factor.
    public let authenticated: Bool
    public let expiresAt: Date

    public init(id: UUID, userID: UUID, csrfToken: String, authenticated: Bool, expiresAt: Date) {
        self.id = id
        self.userID = userID
        self.csrfToken = csrfToken
        self.authenticated = authenticated
        self.expiresAt = expiresAt
    }
}
