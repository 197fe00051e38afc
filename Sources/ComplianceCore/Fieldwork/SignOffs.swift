import Foundation

/// A person's signature on a workpaper, with the time.
public struct Signature: Codable, Sendable, Hashable {
    public let by: String
    public let at: Date

    public init(by: String, at: Date) {
        self.by = by
        self.at = at
    }
}

public enum SignRole: String, Codable, Sendable, CaseIterable {
    case preparer, reviewer
}

/// Preparer and reviewer sign-offs. A signed workpaper changes only by un-signing, which is logged.
public struct SignOffs: Codable, Sendable, Hashable {
    public var preparer: Signature?
    public var reviewer: Signature?

    public init(preparer: Signature? = nil, reviewer: Signature? = nil) {
        self.preparer = preparer
        self.reviewer = reviewer
    }

    public var isSigned: Bool { preparer != nil || reviewer != nil }

    /// Signs as `role`. The reviewer signs after the preparer, is someone else, and signs only while
    /// no linked evidence has changed since the preparer signed. `evidenceChangedAt` is the newest
    /// version time among the linked evidence; nil when the workpaper links none.
    public mutating func sign(_ role: SignRole, by person: String, at now: Date, evidenceChangedAt: Date?) throws(DomainError) {
        switch role {
        case .preparer:
            guard preparer == nil else { throw .conflict("already_signed", "The preparer has signed already; un-sign first to sign again.") }
            preparer = Signature(by: person, at: now)
        case .reviewer:
            guard let preparer else { throw .conflict("preparer_first", "The reviewer signs after the preparer.") }
            guard reviewer == nil else { throw .conflict("already_signed", "The reviewer has signed already.") }
            guard preparer.by != person else { throw .conflict("same_person", "The reviewer must be someone other than the preparer (\(person)).") }
            if let changed = evidenceChangedAt, changed > preparer.at {
                throw .conflict(
                    "evidence_changed", "Linked evidence changed after the preparer signed; the preparer reviews it and signs again first.")
            }
            reviewer = Signature(by: person, at: now)
        }
    }

    /// Removes a signature; un-signing the preparer removes the reviewer's too (they reviewed that work).
    public mutating func unsign(_ role: SignRole) throws(DomainError) {
        switch role {
        case .preparer:
            guard preparer != nil else { throw .conflict("not_signed", "The preparer has not signed.") }
            preparer = nil
            reviewer = nil
        case .reviewer:
            guard reviewer != nil else { throw .conflict("not_signed", "The reviewer has not signed.") }
            reviewer = nil
        }
    }
}

/// Anything the audit firm signs: walkthroughs, populations, samples and tests.
public protocol Workpaper: Codable, Sendable {
    var id: UUID { get }
    var engagementID: UUID { get }
    var signoffs: SignOffs? { get set }
    /// Evidence the workpaper relies on; signing needs every item to exist.
    var evidenceIDs: [UUID] { get }
}

extension Workpaper {
    /// Refuses a change to a signed workpaper.
    public func requireUnsigned() throws(DomainError) {
        if signoffs?.isSigned == true {
            throw .conflict("signed", "This workpaper is signed; un-sign it (which is logged) before changing it.")
        }
    }
}

extension DomainError {
    /// An auditor who has not confirmed independence for the engagement may not do its fieldwork.
    public static let independenceRequired = DomainError.conflict(
        "independence_required", "Confirm your independence for this engagement before starting fieldwork.")
}
