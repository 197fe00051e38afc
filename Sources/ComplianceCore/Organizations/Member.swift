import Foundation

/// A member as the members page shows them.
public struct Member: Codable, Sendable, Hashable {
    public let user: User
    public let role: Role
    public let since: Date

    public init(user: User, role: Role, since: Date) {
        self.user = user
        self.role = role
        self.since = since
    }
}
