import Foundation

/// A check watched on behalf of a control: each run's verdict on the check becomes the control's
/// health for that day. One check can watch several controls and a control can have several checks.
public struct Monitor: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    /// The check's id (`iam_root_mfa_enabled`), as the connectors name it.
    public let check: String
    /// The control's key (`ACC-04`).
    public let control: String
    public let createdBy: String
    public let createdAt: Date

    public init(id: UUID = UUID(), check: String, control: String, createdBy: String, createdAt: Date) {
        self.id = id
        self.check = check
        self.control = control
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// The record key: one link per check and control.
    public var key: String { "\(control)/\(check)" }
}

/// A failing finding someone has accepted for a while: who answers for it, why and until when.
/// A muted finding is shown as muted, never as passed, and the mute lapses on its own.
public struct FindingMute: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let check: String
    /// The resource's ARN as the check reports it (or the source's URL where there is no ARN).
    public let resource: String
    /// The member who answers for it (their email).
    public let owner: String
    public let reason: String
    /// The last day the mute holds.
    public let expiresOn: Day
    public let createdBy: String
    public let createdAt: Date

    public init(
        id: UUID = UUID(), check: String, resource: String, owner: String, reason: String, expiresOn: Day, createdBy: String, createdAt: Date
    ) throws(DomainError) {
        guard !check.trimmed.isEmpty, check.count <= 120 else { throw .unprocessable("check", "name the check (up to 120 characters).") }
        guard !resource.trimmed.isEmpty, resource.count <= 512 else { throw .unprocessable("resource", "name the resource (up to 512 characters).") }
        guard !reason.trimmed.isEmpty, reason.count <= 2000 else {
            throw .unprocessable("reason", "say why the finding is accepted, in 1 to 2000 characters.")
        }
        let today = Day(createdAt)
        guard expiresOn >= today else { throw .unprocessable("expires_on", "\(expiresOn) is in the past; a mute must end on a later day.") }
        // A year at most: an exception nobody looks at again is a control that stopped working.
        guard today.days(until: expiresOn) <= 366 else {
            throw .unprocessable("expires_on", "a mute lasts at most a year; \(expiresOn) is \(today.days(until: expiresOn)) days away.")
        }
        self.id = id
        self.check = check.trimmed
        self.resource = resource.trimmed
        self.owner = owner
        self.reason = reason.trimmed
        self.expiresOn = expiresOn
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// Whether the mute covers a finding seen at `date`: from when it was made to the end of its last day.
    public func covers(check: String, resource: String, at date: Date) -> Bool {
        check == self.check && resource == self.resource && date >= createdAt && Day(date) <= expiresOn
    }
}
