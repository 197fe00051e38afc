import ComplianceCore
import Foundation
import Hummingbird
import UseCases

/// Connections over the API: make one (credentials go in once and never come back out), list,
/// pause or re-time, delete, and run now.
struct ConnectionRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }

    func register(on router: Router<AttestContext>) {
        let org = router.group("/api/v1/orgs/{org}")
        org.get("/connections", use: list)
        org.post("/connections", use: create)
        org.get("/connections/{id}", use: get)
        org.patch("/connections/{id}", use: update)
        org.delete("/connections/{id}", use: delete)
        org.post("/connections/{id}/runs", use: run)
    }

    @Sendable func list(_ request: Request, context: AttestContext) async throws -> ConnectionList {
        let scope = try await context.organizationScope(in: workflows)
        return ConnectionList(connections: try await workflows.connections.list(in: scope).map(ConnectionBody.init))
    }

    @Sendable func create(_ request: Request, context: AttestContext) async throws -> EditedResponse<ConnectionResult> {
        let scope = try await context.organizationScope(in: workflows)
        try scope.require(.runCollectors)
        let body = try await StrictJSON.decode(NewConnectionRequest.self, from: request, context: context)
        let connection = try await workflows.connections.create(
            ConnectionWorkflow.Draft(
                name: body.name, regions: body.regions ?? [], endpoint: body.endpoint, roleARN: body.roleArn, externalID: body.externalId,
                cadenceHours: body.cadenceHours ?? 24, accessKeyID: body.accessKeyId, secretAccessKey: body.secretAccessKey,
                sessionToken: body.sessionToken), in: scope)
        return EditedResponse(status: .created, response: ConnectionResult(connection: ConnectionBody(connection)))
    }

    @Sendable func get(_ request: Request, context: AttestContext) async throws -> ConnectionResult {
        let scope = try await context.organizationScope(in: workflows)
        return ConnectionResult(connection: ConnectionBody(try await workflows.connections.get(try context.uuid("id", "Connection"), in: scope)))
    }

    @Sendable func update(_ request: Request, context: AttestContext) async throws -> ConnectionResult {
        let scope = try await context.organizationScope(in: workflows)
        try scope.require(.runCollectors)
        let id = try context.uuid("id", "Connection")
        let body = try await StrictJSON.decode(ConnectionUpdate.self, from: request, context: context)
        let connection = try await workflows.connections.update(id, enabled: body.enabled, cadenceHours: body.cadenceHours, in: scope)
        return ConnectionResult(connection: ConnectionBody(connection))
    }

    @Sendable func delete(_ request: Request, context: AttestContext) async throws -> Response {
        let scope = try await context.organizationScope(in: workflows)
        try await workflows.connections.delete(try context.uuid("id", "Connection"), in: scope)
        return Response(status: .noContent)
    }

    /// Runs the connection now and answers with the run; a source that refuses the credentials is
    /// a 422 naming the source's error, recorded on the connection.
    @Sendable func run(_ request: Request, context: AttestContext) async throws -> EditedResponse<CollectorRunResult> {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Connection")
        do {
            let run = try await workflows.connections.run(id, in: scope)
            return EditedResponse(status: .created, response: CollectorRunResult(run: CollectorRunBody(run)))
        } catch let error as DomainError {
            throw error
        } catch {
            throw DomainError.unprocessable("connection", "the run failed: \(String(describing: error).prefix(300))")
        }
    }
}

struct ConnectionBody: Encodable, Sendable {
    let id: UUID
    let connector: String
    let name: String
    let regions: [String]
    let endpoint: String?
    let roleArn: String?
    let externalId: String?
    let cadenceHours: Int
    let enabled: Bool
    /// `access key AKIA…WXYZ`: never the secret.
    let credentials: String
    let nextRunAt: Date
    let lastRunAt: Date?
    let lastRunId: UUID?
    let lastError: String?
    let failures: Int
    let createdBy: String
    let createdAt: Date

    init(_ connection: Connection) {
        id = connection.id
        connector = connection.connector
        name = connection.name
        regions = connection.regions
        endpoint = connection.endpoint
        roleArn = connection.roleARN
        externalId = connection.externalID
        cadenceHours = connection.cadenceHours
        enabled = connection.enabled
        credentials = connection.secretHint
        nextRunAt = connection.nextRunAt
        lastRunAt = connection.lastRunAt
        lastRunId = connection.lastRunID
        lastError = connection.lastError
        failures = connection.failures
        createdBy = connection.createdBy
        createdAt = connection.createdAt
    }
}

struct ConnectionList: ResponseEncodable {
    let connections: [ConnectionBody]
}

struct ConnectionResult: ResponseEncodable {
    let connection: ConnectionBody
}

struct NewConnectionRequest: StrictBody {
    static let fields: Set<String> = [
        "name", "regions", "endpoint", "role_arn", "external_id", "cadence_hours", "access_key_id", "secret_access_key", "session_token",
    ]
    let name: String
    let regions: [String]?
    let endpoint: String?
    let roleArn: String?
    let externalId: String?
    let cadenceHours: Int?
    let accessKeyId: String
    let secretAccessKey: String
    let sessionToken: String?
    enum CodingKeys: String, CodingKey {
        case name, regions, endpoint
        case roleArn = "role_arn"
        case externalId = "external_id"
        case cadenceHours = "cadence_hours"
        case accessKeyId = "access_key_id"
        case secretAccessKey = "secret_access_key"
        case sessionToken = "session_token"
    }
}

struct ConnectionUpdate: StrictBody {
    static let fields: Set<String> = ["enabled", "cadence_hours"]
    let enabled: Bool?
    let cadenceHours: Int?
    enum CodingKeys: String, CodingKey {
        case enabled
        case cadenceHours = "cadence_hours"
    }
}
