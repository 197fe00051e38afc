import ComplianceCore
import Foundation
import Hummingbird
import UseCases

/// Monitors over the API: the links between checks and controls, the mutes, each control's health
/// and its coverage calendar.
struct MonitorRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }

    func register(on router: Router<AttestContext>) {
        let org = router.group("/api/v1/orgs/{org}")
        org.get("/monitors", use: board)
        org.post("/monitors", use: link)
        org.delete("/monitors/{id}", use: unlink)
        org.post("/monitors/mutes", use: mute)
        org.delete("/monitors/mutes/{id}", use: unmute)
        org.get("/monitors/calendar/{control}", use: calendar)
    }

    @Sendable func board(_ request: Request, context: AttestContext) async throws -> MonitorBoard {
        let scope = try await context.organizationScope(in: workflows)
        let now = Date()
        let monitors = workflows.monitors
        return MonitorBoard(
            monitors: try await monitors.monitors(in: scope).map(MonitorBody.init),
            controls: try await monitors.board(in: scope, now: now).map(ControlMonitoringBody.init),
            mutes: try await monitors.mutes(in: scope).map { MuteBody($0, today: Day(now)) })
    }

    @Sendable func link(_ request: Request, context: AttestContext) async throws -> EditedResponse<MonitorResult> {
        let scope = try await context.organizationScope(in: workflows)
        try scope.require(.manageMonitors)
        let body = try await StrictJSON.decode(MonitorRequest.self, from: request, context: context)
        let monitor = try await workflows.monitors.link(check: body.check, control: body.control, in: scope)
        return EditedResponse(status: .created, response: MonitorResult(monitor: MonitorBody(monitor)))
    }

    @Sendable func unlink(_ request: Request, context: AttestContext) async throws -> Response {
        let scope = try await context.organizationScope(in: workflows)
        try await workflows.monitors.unlink(try context.uuid("id", "Monitor"), in: scope)
        return Response(status: .noContent)
    }

    @Sendable func mute(_ request: Request, context: AttestContext) async throws -> EditedResponse<MuteResult> {
        let scope = try await context.organizationScope(in: workflows)
        try scope.require(.manageMonitors)
        let body = try await StrictJSON.decode(MuteRequest.self, from: request, context: context)
        let mute = try await workflows.monitors.mute(
            check: body.check, resource: body.resource, owner: body.owner, reason: body.reason,
            expiresOn: try Day.parse(body.expiresOn, field: "expires_on"), in: scope)
        return EditedResponse(status: .created, response: MuteResult(mute: MuteBody(mute, today: Day(Date()))))
    }

    @Sendable func unmute(_ request: Request, context: AttestContext) async throws -> Response {
        let scope = try await context.organizationScope(in: workflows)
        try await workflows.monitors.unmute(try context.uuid("id", "Mute"), in: scope)
        return Response(status: .noContent)
    }

    /// `start` and `end` as YYYY-MM-DD; without them, the 90 days up to today.
    @Sendable func calendar(_ request: Request, context: AttestContext) async throws -> CalendarBody {
        let scope = try await context.organizationScope(in: workflows)
        let key = try context.parameters.require("control")
        let today = Day(Date())
        let query = request.uri.queryParameters
        let end = try query.get("end").map { try Day.parse(String($0), field: "end") } ?? today
        let start = try query.get("start").map { try Day.parse(String($0), field: "start") } ?? end.adding(days: -89)
        return CalendarBody(try await workflows.monitors.calendar(control: key, start: start, end: end, in: scope))
    }
}
