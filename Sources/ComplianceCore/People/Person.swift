import Foundation

/// Someone on the workforce roster, or an account-holder that is not a person. People are not
/// Attest users: most never sign in here; the roster is what the HR system says.
public struct Person: Codable, Sendable, Hashable, Identifiable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case employee, contractor
        /// A mailbox several people read (`security@`): owned, never counted as a person.
        case sharedInbox = "shared_inbox"
        /// A machine's identity (a deploy bot): owned, never counted as a person.
        case serviceAccount = "service_account"

        public var isPerson: Bool { self == .employee || self == .contractor }
    }

    public let id: UUID
    /// Lower-cased; the key accounts are matched on.
    public let email: String
    public var name: String
    public var startDate: Day?
    /// The last day of work; nil while employed.
    public var endDate: Day?
    /// The manager's email, on the same roster.
    public var manager: String?
    public var department: String
    public var title: String
    public var kind: Kind
    /// Other addresses and usernames this person's accounts go by (`jdoe`, `j.doe@old-domain.com`).
    public var aliases: [String]
    /// The identity provider's own id for the person, when it pushes the roster over SCIM.
    public var externalID: String?
    /// When the identity provider deactivated the person (SCIM `active: false`).
    public var deactivatedAt: Date?
    /// When the identity provider deleted the person: hidden from SCIM, kept on the roster, since a
    /// leaver's dates still matter to the reconciliation.
    public var removedAt: Date?
    /// The last change, for SCIM's `meta.lastModified` and the version.
    public var updatedAt: Date?

    public init(
        id: UUID = UUID(), email: String, name: String, startDate: Day?, endDate: Day?, manager: String?, department: String, title: String,
        kind: Kind, aliases: [String] = []
    ) {
        self.id = id
        self.email = email.lowercased()
        self.name = name
        self.startDate = startDate
        self.endDate = endDate
        self.manager = manager?.lowercased()
        self.department = department
        self.title = title
        self.kind = kind
        self.aliases = aliases.map { $0.lowercased() }
    }

    /// A leaver on `day`: their last day has passed.
    public func hasLeft(by day: Day) -> Bool { endDate.map { $0 < day } ?? false }

    /// The moment access should end: the close of the last day (midnight UTC after it).
    public var terminatedAt: Date? { endDate.map { $0.date.addingTimeInterval(86_400) } }
}
