import AWSSigning
import Collectors
import ComplianceCore
import Foundation
import Persistence

/// Connections: accounts collected on a schedule, with their credentials sealed under a key kept
/// outside the database, and the one way a connection is run (by the scheduler or by hand): open
/// the credentials, collect, record the result as evidence, and move the schedule on.
public struct ConnectionWorkflow: Sendable {
    /// Collects from a connection with its opened credentials; the real one calls AWS.
    public typealias Collect = @Sendable (Connection, AWSCredentials, Collectors.Progress) async throws -> CollectionResult

    let records: any RecordStorage
    let collectors: CollectionWorkflow
    let key: ConnectionKey
    let collect: Collect
    /// Endpoints a connection may name instead of AWS (URL prefixes): the operator's choice, from
    /// `ATTEST_COLLECTOR_ENDPOINTS`, comma-separated. None by default, so a tenant cannot point the
    /// server's signed requests at an address inside its network.
    let allowedEndpoints: [String]

    public init(
        records: any RecordStorage, collectors: CollectionWorkflow, key: ConnectionKey, collect: @escaping Collect = Self.aws,
        allowedEndpoints: [String] = Self.allowedEndpoints()
    ) {
        self.records = records
        self.collectors = collectors
        self.key = key
        self.collect = collect
        self.allowedEndpoints = allowedEndpoints
    }

    public static func allowedEndpoints(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        (environment["ATTEST_COLLECTOR_ENDPOINTS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// What a person supplies to make a connection.
    public struct Draft: Sendable {
        public var name: String
        public var regions: [String]
        public var endpoint: String?
        public var roleARN: String?
        public var externalID: String?
        public var cadenceHours: Int
        public var accessKeyID: String
        public var secretAccessKey: String
        public var sessionToken: String?

        public init(
            name: String, regions: [String] = [], endpoint: String? = nil, roleARN: String? = nil, externalID: String? = nil, cadenceHours: Int = 24,
            accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil
        ) {
            self.name = name
            self.regions = regions
            self.endpoint = endpoint
            self.roleARN = roleARN
            self.externalID = externalID
            self.cadenceHours = cadenceHours
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }
    }

    struct StoredCredentials: Codable {
        let accessKeyID: String
        let secretAccessKey: String
        let sessionToken: String?
    }

    static func binding(_ organization: UUID, _ connection: UUID) -> String {
        "attest-connection:\(organization.uuidString.lowercased()):\(connection.uuidString.lowercased())"
    }

    public func create(_ draft: Draft, in scope: TenantScope, now: Date = Date()) async throws -> Connection {
        try scope.require(.runCollectors)
        guard draft.accessKeyID.wholeMatch(of: /[A-Z0-9]{16,128}/) != nil else {
            throw DomainError.unprocessable("access_key_id", "an access key id is 16 to 128 capital letters and digits (AKIA…).")
        }
        guard !draft.secretAccessKey.isEmpty, draft.secretAccessKey.count <= 256, (draft.sessionToken?.count ?? 0) <= 4096 else {
            throw DomainError.unprocessable("secret_access_key", "give the secret access key (up to 256 characters).")
        }
        if let endpoint = draft.endpoint, !allowedEndpoints.contains(where: { endpoint.hasPrefix($0) }) {
            throw DomainError.unprocessable(
                "endpoint",
                allowedEndpoints.isEmpty
                    ? "this server collects from AWS itself only; its operator allows other endpoints with ATTEST_COLLECTOR_ENDPOINTS."
                    : "'\(endpoint.prefix(80))' is not one of the endpoints this server allows (\(allowedEndpoints.joined(separator: ", "))).")
        }
        let id = UUID()
        let plain = try JSONEncoder().encode(
            StoredCredentials(accessKeyID: draft.accessKeyID, secretAccessKey: draft.secretAccessKey, sessionToken: draft.sessionToken))
        let sealed = try key.seal(Array(plain), binding: Self.binding(scope.organizationID, id))
        let hint = AWSCredentials(accessKeyID: draft.accessKeyID, secretAccessKey: "", sessionToken: draft.sessionToken).description
        let connection = try Connection(
            id: id, connector: "aws", name: draft.name, regions: draft.regions, endpoint: draft.endpoint, roleARN: draft.roleARN,
            externalID: draft.externalID, cadenceHours: draft.cadenceHours, secret: sealed, secretHint: hint, createdBy: scope.actor.description,
            createdAt: now.roundedToMilliseconds)
        try await save(connection, action: "connection.created", in: scope, now: now)
        return connection
    }

    public func list(in scope: TenantScope) async throws -> [Connection] {
        try scope.require(.viewEvidence)
        return try await records.all(.connection, organization: scope.organizationID).sorted { $0.createdAt < $1.createdAt }
    }

    public func get(_ id: UUID, in scope: TenantScope) async throws -> Connection {
        try scope.require(.viewEvidence)
        return try await records.existing(.connection, id: id, organization: scope.organizationID, what: "Connection")
    }

    /// Turns the schedule on or off, or changes its cadence.
    public func update(_ id: UUID, enabled: Bool?, cadenceHours: Int?, in scope: TenantScope, now: Date = Date()) async throws -> Connection {
        try scope.require(.runCollectors)
        var connection = try await get(id, in: scope)
        if let cadenceHours {
            try Connection.checkCadence(cadenceHours)
            connection.cadenceHours = cadenceHours
        }
        if let enabled {
            connection.enabled = enabled
            if enabled && connection.nextRunAt < now { connection.nextRunAt = now }
        }
        try await save(connection, action: "connection.updated", in: scope, now: now)
        return connection
    }

    public func delete(_ id: UUID, in scope: TenantScope, now: Date = Date()) async throws {
        try scope.require(.runCollectors)
        _ = try await get(id, in: scope)
        try await records.write { tx in try await tx.delete(.connection, id: id, organization: scope.organizationID, actor: scope.actor, now: now) }
    }

    /// Runs the connection once: the run, or the failure, moves its schedule on either way.
    @discardableResult
    public func run(
        _ id: UUID, in scope: TenantScope, progress: Collectors.Progress = .silent, jitter: Double = .random(in: 0...1),
        now: @Sendable () -> Date = { Date() }
    )
        async throws -> CollectorRun
    {
        let permit = try collectors.permit(scope)
        var connection = try await get(id, in: scope)
        do {
            let plain = try key.open(connection.secret, binding: Self.binding(scope.organizationID, id))
            let stored = try JSONDecoder().decode(StoredCredentials.self, from: Data(plain))
            let credentials = AWSCredentials(
                accessKeyID: stored.accessKeyID, secretAccessKey: stored.secretAccessKey, sessionToken: stored.sessionToken)
            let result = try await collect(connection, credentials, progress)
            let run = try await collectors.record(result, permit: permit, now: now())
            connection.succeeded(run: run.id, at: now(), jitter: jitter)
            try await save(connection, action: "connection.ran", in: scope, now: now())
            return run
        } catch {
            connection.failed(String(describing: error), at: now())
            try await save(connection, action: "connection.failed", in: scope, now: now())
            throw error
        }
    }

    func save(_ connection: Connection, action: String, in scope: TenantScope, now: Date) async throws {
        try await records.write { tx in
            try await tx.save(
                .connection, connection, id: connection.id, organization: scope.organizationID, parent: nil,
                key: connection.id.uuidString.lowercased(), action: action, actor: scope.actor, now: now)
        }
    }

    /// The AWS collector, as `attest collect aws` runs it.
    public static let aws: Collect = { connection, credentials, progress in
        let endpoint = connection.endpoint.flatMap(URL.init(string:))
        var client = AWSClient(http: CollectorHTTP(timeout: .seconds(20)), credentials: credentials, endpoint: endpoint)
        if let role = connection.roleARN {
            progress.note("aws: assuming \(role)")
            client = client.with(try await client.assumeRole(role, externalID: connection.externalID))
        }
        return try await AWSCollector(client: client, regions: connection.regions.isEmpty ? nil : connection.regions, progress: progress).run()
    }
}
