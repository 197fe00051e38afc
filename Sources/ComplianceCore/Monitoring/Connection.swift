import Foundation

/// An account Attest collects from on a schedule: which connector, where, how often, and the
/// credentials sealed with a key kept outside the database (`SealedSecret`). The schedule's state
/// (next run, failures in a row) lives here too, so any server can see what is due.
public struct Connection: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let connector: String
    public var name: String
    public var regions: [String]
    /// One endpoint for every service (moto's, a VPC endpoint); nil for AWS itself.
    public var endpoint: String?
    public var roleARN: String?
    public var externalID: String?
    /// Hours between runs, 1 to 168.
    public var cadenceHours: Int
    public var enabled: Bool
    public var secret: SealedSecret
    /// What a person may see of the credentials: `access key AKIA…WXYZ`.
    public var secretHint: String
    public let createdBy: String
    public let createdAt: Date
    public var nextRunAt: Date
    public var lastRunAt: Date?
    public var lastRunID: UUID?
    /// The last failure, one sentence, with no secret in it; nil after a run that worked.
    public var lastError: String?
    /// Failed runs in a row: the retry waits longer after each.
    public var failures: Int

    public init(
        id: UUID = UUID(), connector: String, name: String, regions: [String], endpoint: String?, roleARN: String?, externalID: String?,
        cadenceHours: Int, secret: SealedSecret, secretHint: String, createdBy: String, createdAt: Date
    ) throws(DomainError) {
        guard connector == "aws" else { throw .unprocessable("connector", "'\(connector.prefix(20))' is not a connector Attest schedules (aws).") }
        let trimmed = name.trimmed
        guard !trimmed.isEmpty, trimmed.count <= 120 else { throw .unprocessable("name", "name the connection in 1 to 120 characters.") }
        try Self.checkCadence(cadenceHours)
        guard regions.count <= 40 else { throw .unprocessable("regions", "at most 40 regions; leave it empty for every enabled region.") }
        for region in regions where region.wholeMatch(of: /[a-z]{2}(-[a-z]+)+-[0-9]{1,2}/) == nil {
            throw .unprocessable("regions", "'\(region.prefix(40))' is not a region name like eu-west-2.")
        }
        if let endpoint {
            guard let url = URL(string: endpoint), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, endpoint.count <= 300 else {
                throw .unprocessable("endpoint", "'\(endpoint.prefix(80))' is not an http(s) URL.")
            }
        }
        if let roleARN, roleARN.wholeMatch(of: /arn:aws[a-z-]*:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_\/-]{1,512}/) == nil {
            throw .unprocessable("role_arn", "'\(roleARN.prefix(80))' is not an IAM role ARN (arn:aws:iam::123456789012:role/name).")
        }
        if let externalID, externalID.isEmpty || externalID.count > 1224 {
            throw .unprocessable("external_id", "an external id has 1 to 1224 characters.")
        }
        self.id = id
        self.connector = connector
        self.name = trimmed
        self.regions = regions
        self.endpoint = endpoint
        self.roleARN = roleARN
        self.externalID = externalID
        self.cadenceHours = cadenceHours
        self.enabled = true
        self.secret = secret
        self.secretHint = secretHint
        self.createdBy = createdBy
        self.createdAt = createdAt
        nextRunAt = createdAt
        failures = 0
    }

    /// Runs are 1 to 168 hours (a week) apart.
    public static func checkCadence(_ hours: Int) throws(DomainError) {
        guard (1...168).contains(hours) else { throw .unprocessable("cadence_hours", "runs are 1 to 168 hours apart; \(hours) is outside that.") }
    }

    /// Due when enabled and its next run's time has come.
    public func isDue(at now: Date) -> Bool { enabled && nextRunAt <= now }

    /// After a run that worked: the next one a cadence later, moved by up to a tenth of the cadence
    /// (`jitter` in 0...1) so that many connections made at once do not all run at once.
    public mutating func succeeded(run: UUID, at now: Date, jitter: Double) {
        lastRunAt = now
        lastRunID = run
        lastError = nil
        failures = 0
        nextRunAt = now.addingTimeInterval(Double(cadenceHours) * 3600 * (1 + 0.1 * min(1, max(0, jitter))))
    }

    /// After a failed run: retried after 5 minutes, doubling with each failure in a row, never
    /// later than the next regular run would be.
    public mutating func failed(_ reason: String, at now: Date) {
        failures += 1
        lastError = String(reason.prefix(500))
        let backoff = min(300 * pow(2, Double(min(failures - 1, 12))), Double(cadenceHours) * 3600)
        nextRunAt = now.addingTimeInterval(backoff)
    }
}

/// A secret sealed with AES-GCM under a key that is not in the database. The associated data binds
/// it to its organisation and connection, so a sealed value copied to another row does not open.
public struct SealedSecret: Codable, Sendable, Hashable {
    /// Which key sealed it (the first 8 bytes of the key's SHA-256, hex), so a wrong key is named as such.
    public let keyID: String
    /// nonce ‖ ciphertext ‖ tag, base64.
    public let sealed: String

    public init(keyID: String, sealed: String) {
        self.keyID = keyID
        self.sealed = sealed
    }
}
