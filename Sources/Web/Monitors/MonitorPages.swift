import ComplianceCore
import Foundation
import Hummingbird
import UseCases
import WebViews

/// Monitors and collector runs in the browser: the board with each control's calendar, linking,
/// muting, and one run's verdicts.
struct MonitorPages {
    let support: PageSupport
    var workflows: Workflows { support.environment.workflows }

    func register(on router: Router<AttestContext>) {
        router.get("/orgs/{org}/monitors", use: monitors)
        router.post("/orgs/{org}/monitors/link", use: link)
        router.post("/orgs/{org}/monitors/{id}/unlink", use: unlink)
        router.post("/orgs/{org}/monitors/mutes", use: mute)
        router.post("/orgs/{org}/monitors/mutes/{id}/end", use: endMute)
        router.get("/orgs/{org}/collector-runs/{id}", use: run)
    }

    @Sendable func monitors(_ request: Request, context: AttestContext) async throws -> Response {
        try await page(request, context: context)
    }

    private func page(_ request: Request, context: AttestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let now = Date()
        let today = Day(now)
        let board = try await workflows.monitors.board(in: scope, now: now)
        let (start, end, periods) = try await period(request, in: scope, today: today)
        let calendars = try await workflows.monitors.calendars(start: start, end: end, in: scope, now: now)
        let controls = try await workflows.controls.list(in: scope, includeRetired: false)
        let model = MonitorsPage.Model(
            organization: scope.organization, board: board,
            controlTitles: Dictionary(controls.map { ($0.key, $0.title) }, uniquingKeysWith: { first, _ in first }), calendars: calendars,
            monitors: try await workflows.monitors.monitors(in: scope), mutes: try await workflows.monitors.mutes(in: scope),
            checks: MonitorWorkflow.checks.values.sorted { $0.id < $1.id },
            runs: Array(try await workflows.collectors.runs(in: scope).reversed().prefix(10)),
            criteria: workflows.content.catalog.criteria.filter { $0.category == .security }.map(\.id), today: today,
            periods: periods, canManage: scope.allows(.manageMonitors), csrf: context.csrfToken, error: error)
        return HTMLPage(MonitorsPage.render(model, shell: try await support.shell(identity, current: scope, active: "monitors")), status: status)
            .response()
    }

    /// The calendar's period: `start` and `end` from the query, else the last 90 days; with a link
    /// to each engagement's observation period, which is what its auditor tests.
    private func period(_ request: Request, in scope: TenantScope, today: Day) async throws -> (Day, Day, [(String, String)]) {
        let query = request.uri.queryParameters
        let end = try query.get("end").map { try Day.parse(String($0), field: "end") } ?? today
        let start = try query.get("start").map { try Day.parse(String($0), field: "start") } ?? end.adding(days: -89)
        var choices = [("Last 90 days", "?start=\(today.adding(days: -89))&end=\(today)")]
        for engagement in try await workflows.engagements.list(in: scope).suffix(3) {
            guard let from = engagement.scope.periodStart, let to = engagement.scope.periodEnd, from <= today else { continue }
            choices.append(("\(engagement.name) (\(Markup.readable(from)) to \(Markup.readable(to)))", "?start=\(from)&end=\(to)"))
        }
        return (start, end, choices)
    }

    @Sendable func link(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        try scope.require(.manageMonitors)
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            let monitor = try await workflows.monitors.link(check: form["check"] ?? "", control: form["control"] ?? "", in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/monitors#\(monitor.control)")
        } orShow: { message, status in
            try await page(request, context: context, error: message, status: status)
        }
    }

    @Sendable func unlink(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        _ = try await FormFields.read(request, context: context)
        try await workflows.monitors.unlink(try context.uuid("id", "Monitor"), in: scope)
        return PageSupport.seeOther("/orgs/\(scope.organization.slug)/monitors")
    }

    @Sendable func mute(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        try scope.require(.manageMonitors)
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            let finding = (form["finding"] ?? "").split(separator: " ", maxSplits: 1).map(String.init)
            guard finding.count == 2 else { throw DomainError.invalid("finding", "choose the failing finding to mute.") }
            _ = try await workflows.monitors.mute(
                check: finding[0], resource: finding[1], owner: form["owner"] ?? "", reason: form["reason"] ?? "",
                expiresOn: try Day.parse(form["expires_on"] ?? "", field: "expires_on"), in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/monitors#\(form["control"] ?? "mutes")")
        } orShow: { message, status in
            try await page(request, context: context, error: message, status: status)
        }
    }

    @Sendable func endMute(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        _ = try await FormFields.read(request, context: context)
        try await workflows.monitors.unmute(try context.uuid("id", "Mute"), in: scope)
        return PageSupport.seeOther("/orgs/\(scope.organization.slug)/monitors#mutes")
    }

    @Sendable func run(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let run = try await workflows.collectors.run(try context.uuid("id", "Collector run"), in: scope)
        let model = CollectorRunPage.Model(
            organization: scope.organization, run: run, titles: MonitorWorkflow.checks.mapValues(\.title))
        return HTMLPage(CollectorRunPage.render(model, shell: try await support.shell(identity, current: scope, active: "monitors"))).response()
    }
}
