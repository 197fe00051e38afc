import Foundation

public struct ControlChange: Codable, Sendable, Hashable {
    public let at: Date
    public let actor: String
    public let action: String
    public let status: ImplementationStatus
    public let owner: String?
    public let retired: Bool

    public init(at: Date, actor: String, action: String, status: ImplementationStatus, owner: String?, retired: Bool) {
        self.at = at
        self.actor = actor
        self.action = action
        self.status = status
        self.owner = owner
        self.retired = retired
    }
}
