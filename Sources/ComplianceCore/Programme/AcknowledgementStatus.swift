import Foundation

public struct AcknowledgementStatus: Codable, Sendable, Hashable {
    public let userID: UUID
    public let email: String
    public let name: String
    public let acknowledged: [String]
    public let missing: [String]

    public init(userID: UUID, email: String, name: String, acknowledged: [String], missing: [String]) {
        self.userID = userID
        self.email = email
        self.name = name
        self.acknowledged = acknowledged
        self.missing = missing
    }
}
