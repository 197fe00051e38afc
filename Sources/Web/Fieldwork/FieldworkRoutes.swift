import ComplianceCore
import EvidenceStore
import Foundation
import Hummingbird
import UseCases

/// The audit firm's fieldwork over the API: independence, frozen populations and samples.
struct FieldworkRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }

    func register(on router: Router<AttestContext>) {
        let engagement = router.group("/api/v1/orgs/{org}/engagements/{id}")
        engagement.post("/independence", use: independence)
        engagement.get("/populations", use: populations)
        engagement.post("/populations", use: freeze)
        engagement.post("/populations/upload", use: pullPopulation)
        engagement.post("/populations/from-listing", use: freezeListing)
        engagement.get("/samples", use: samples)
        engagement.post("/samples", use: draw)
        engagement.post("/samples/{sample}/extend", use: extend)
        engagement.get("/walkthroughs", use: walkthroughs)
        engagement.post("/walkthroughs", use: walkthrough)
        engagement.get("/tests", use: tests)
        engagement.post("/tests", use: planTest)
        engagement.post("/tests/{test}/results", use: result)
        engagement.post("/tests/{test}/release", use: releaseTest)
        engagement.post("/tests/{test}/exceptions", use: exception)
        engagement.post("/tests/{test}/exceptions/{exception}/response", use: response)
        engagement.post("/workpapers/{kind}/{workpaper}/signoffs", use: sign)
        engagement.get("/conclusions", use: conclusions)
        engagement.get("/binder", use: binder)
        engagement.post("/requests/{number}/actions", use: requestAction)
        let org = router.group("/api/v1/orgs/{org}")
        org.get("/notifications", use: notifications)
        org.get("/sample-table", use: sampleTable)
        org.put("/sample-table", use: setSampleTable)
        org.post("/notifications/read", use: markRead)
    }

    @Sendable func requestAction(_ request: Request, context: AttestContext) async throws -> RequestResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let number = try context.parameters.require("number")
        let body = try await StrictJSON.decode(RequestActionBody.self, from: request, context: context)
        return RequestResult(request: try await workflows.requestList.act(try body.domain(), on: number, of: id, in: scope))
    }

    @Sendable func sampleTable(_ request: Request, context: AttestContext) async throws -> SampleTableResult {
        let scope = try await context.organizationScope(in: workflows)
        try scope.require(.viewProgramme)
        return SampleTableResult(
            table: try await workflows.fieldwork.sampleTable(firm: scope.organization.kind == .auditFirm ? scope.organization.slug.rawValue : nil))
    }

    @Sendable func setSampleTable(_ request: Request, context: AttestContext) async throws -> SampleTableResult {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(SampleTableBody.self, from: request, context: context)
        return SampleTableResult(table: try await workflows.fieldwork.setSampleTable(body.table, in: scope))
    }

    @Sendable func notifications(_ request: Request, context: AttestContext) async throws -> NotificationList {
        let scope = try await context.organizationScope(in: workflows)
        let list = try await workflows.requestList.notifications(in: scope)
        return NotificationList(unread: list.filter { !$0.read }.count, notifications: list)
    }

    @Sendable func markRead(_ request: Request, context: AttestContext) async throws -> ReadResult {
        let scope = try await context.organizationScope(in: workflows)
        return ReadResult(marked: try await workflows.requestList.markRead(in: scope))
    }

    /// The audit binder as a ZIP download, built in a private temporary file and streamed.
    @Sendable func binder(_ request: Request, context: AttestContext) async throws -> Response {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("attest-binder-\(UUID().uuidString).zip")
        do {
            try await workflows.writeBinder(of: id, in: scope, to: file)
            // Streamed from the temporary file and deleted after (a 400 MB evidence file once took
            // the server from 80 to 777 MB when the whole ZIP was read into memory).
            return try Download.streaming(
                file, type: "application/zip", name: "binder-\(scope.organization.slug)-\(id.uuidString.lowercased().prefix(8)).zip",
                deleteAfter: true)
        } catch {
            try? FileManager.default.removeItem(at: file)
            throw error
        }
    }

    @Sendable func walkthroughs(_ request: Request, context: AttestContext) async throws -> WalkthroughList {
        let scope = try await context.organizationScope(in: workflows)
        return WalkthroughList(walkthroughs: try await workflows.fieldwork.walkthroughs(try context.uuid("id", "Engagement"), in: scope))
    }

    @Sendable func walkthrough(_ request: Request, context: AttestContext) async throws -> EditedResponse<WalkthroughResult> {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let body = try await StrictJSON.decode(WalkthroughRequest.self, from: request, context: context)
        let made = try await workflows.fieldwork.walkthrough(
            id, control: body.control, date: body.date, participants: body.participants, notes: body.notes,
            evidence: body.evidence ?? [], design: body.design, reason: body.reason, in: scope)
        return EditedResponse(status: .created, response: WalkthroughResult(walkthrough: made))
    }

    @Sendable func tests(_ request: Request, context: AttestContext) async throws -> TestList {
        let scope = try await context.organizationScope(in: workflows)
        return TestList(tests: try await workflows.fieldwork.tests(try context.uuid("id", "Engagement"), in: scope).map(TestBody.init))
    }

    @Sendable func planTest(_ request: Request, context: AttestContext) async throws -> EditedResponse<TestResult> {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let body = try await StrictJSON.decode(TestPlanRequest.self, from: request, context: context)
        let test = try await workflows.fieldwork.planTest(
            id, control: body.control, sampleID: body.sampleID, paths: body.paths, procedures: body.procedures,
            attributes: body.attributes, in: scope)
        return EditedResponse(status: .created, response: TestResult(test: TestBody(test)))
    }

    @Sendable func result(_ request: Request, context: AttestContext) async throws -> TestResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let testID = try context.uuid("test", "Test")
        let body = try await StrictJSON.decode(ResultRequest.self, from: request, context: context)
        return TestResult(
            test: TestBody(
                try await workflows.fieldwork.record(
                    testID, of: id, item: body.item, attribute: body.attribute, passed: body.passed,
                    note: body.note ?? "", evidence: body.evidence ?? [], in: scope)))
    }

    @Sendable func releaseTest(_ request: Request, context: AttestContext) async throws -> TestResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let testID = try context.uuid("test", "Test")
        return TestResult(test: TestBody(try await workflows.fieldwork.release(testID, of: id, in: scope)))
    }

    @Sendable func exception(_ request: Request, context: AttestContext) async throws -> TestResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let testID = try context.uuid("test", "Test")
        let body = try await StrictJSON.decode(ExceptionRequest.self, from: request, context: context)
        return TestResult(
            test: TestBody(
                try await workflows.fieldwork.addException(
                    testID, of: id, description: body.description, cause: body.cause,
                    count: body.count, evaluation: body.evaluation, in: scope)))
    }

    @Sendable func response(_ request: Request, context: AttestContext) async throws -> TestResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let testID = try context.uuid("test", "Test")
        let exceptionID = try context.uuid("exception", "Exception")
        let body = try await StrictJSON.decode(ResponseRequest.self, from: request, context: context)
        return TestResult(
            test: TestBody(try await workflows.fieldwork.respond(to: exceptionID, in: testID, of: id, response: body.response, in: scope)))
    }

    @Sendable func sign(_ request: Request, context: AttestContext) async throws -> SignResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let raw = try context.parameters.require("kind")
        guard let kind = WorkpaperKind(rawValue: raw) else { throw DomainError.notFound("Workpaper kind '\(raw.prefix(20))'") }
        let workpaper = try context.uuid("workpaper", "Workpaper")
        let body = try await StrictJSON.decode(SignRequest.self, from: request, context: context)
        return SignResult(
            signoffs: try await workflows.fieldwork.sign(kind, workpaper, of: id, role: body.role, unsign: body.unsign ?? false, in: scope))
    }

    @Sendable func conclusions(_ request: Request, context: AttestContext) async throws -> ConclusionList {
        let scope = try await context.organizationScope(in: workflows)
        return ConclusionList(conclusions: try await workflows.fieldwork.conclusions(try context.uuid("id", "Engagement"), in: scope))
    }

    @Sendable func independence(_ request: Request, context: AttestContext) async throws -> EditedResponse<IndependenceResult> {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let body = try await StrictJSON.decode(IndependenceRequest.self, from: request, context: context)
        return EditedResponse(
            status: .created,
            response: IndependenceResult(confirmation: try await workflows.fieldwork.confirmIndependence(id, statement: body.statement, in: scope)))
    }

    @Sendable func populations(_ request: Request, context: AttestContext) async throws -> PopulationList {
        let scope = try await context.organizationScope(in: workflows)
        return PopulationList(populations: try await workflows.fieldwork.populations(try context.uuid("id", "Engagement"), in: scope))
    }

    @Sendable func freeze(_ request: Request, context: AttestContext) async throws -> EditedResponse<PopulationResult> {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let body = try await StrictJSON.decode(FreezeRequest.self, from: request, context: context)
        _ = try await workflows.fieldwork.engagement(id, in: scope)
        try scope.require(.performFieldwork)
        let (item, versions) = try await workflows.evidence.get(body.evidenceID, in: scope)
        guard let version = body.evidenceVersion.map({ number in versions.first { $0.number == number } }) ?? versions.first else {
            throw DomainError.notFound("Evidence version \(body.evidenceVersion ?? 0)")
        }
        let scan = try await environment.evidence.scanPopulation(version, keyColumn: body.keyColumn)
        let population = try await workflows.fieldwork.freeze(
            .init(
                name: body.name, sourceSystem: body.sourceSystem, extractionQuery: body.extractionQuery,
                completenessProcedure: body.completenessProcedure, controls: body.controls ?? []),
            into: id, evidence: item, version: version, scan: scan, in: scope)
        return EditedResponse(status: .created, response: PopulationResult(population: population))
    }

    /// A collector's listing frozen as a population, with its completeness from the run.
    @Sendable func freezeListing(_ request: Request, context: AttestContext) async throws -> EditedResponse<PopulationResult> {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        _ = try await workflows.fieldwork.engagement(id, in: scope)
        try scope.require(.performFieldwork)
        let body = try await StrictJSON.decode(ListingFreezeRequest.self, from: request, context: context)
        let run = try await workflows.collectors.run(body.runID, in: scope)
        guard let summary = run.listings.first(where: { $0.name == body.listing }) else {
            throw DomainError.notFound("Listing '\(body.listing.prefix(60))' in run \(body.runID.uuidString.lowercased())")
        }
        let (item, versions) = try await workflows.evidence.get(summary.evidenceID, in: scope)
        let source = try await workflows.fieldwork.listingSource(
            run: run, listing: body.listing, item: item, versions: versions, populationName: body.name, controls: body.controls ?? [], into: id,
            in: scope)
        guard let version = versions.first(where: { $0.number == source.evidenceVersion }) else {
            throw DomainError.notFound("Evidence version \(source.evidenceVersion)")
        }
        let scan = try await environment.evidence.scanPopulation(version, keyColumn: body.keyColumn)
        let population = try await workflows.fieldwork.freeze(source.details, into: id, evidence: item, version: version, scan: scan, in: scope)
        return EditedResponse(status: .created, response: PopulationResult(population: population))
    }

    /// The auditor's own population: a multipart upload of the CSV with the freeze's details.
    @Sendable func pullPopulation(_ request: Request, context: AttestContext) async throws -> EditedResponse<PopulationResult> {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let population = try await PulledPopulation.receive(request, into: id, in: scope, workflows: workflows)
        return EditedResponse(status: .created, response: PopulationResult(population: population))
    }

    @Sendable func samples(_ request: Request, context: AttestContext) async throws -> SampleList {
        let scope = try await context.organizationScope(in: workflows)
        return SampleList(samples: try await workflows.fieldwork.samples(try context.uuid("id", "Engagement"), in: scope))
    }

    @Sendable func draw(_ request: Request, context: AttestContext) async throws -> EditedResponse<SampleResult> {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let body = try await StrictJSON.decode(DrawRequest.self, from: request, context: context)
        if body.size != nil && body.reason == nil { throw DomainError.unprocessable("reason", "a size of your own needs a reason.") }
        let method = body.method ?? (body.rows == nil ? .random : .manual)
        let override: (size: Int, reason: String)? =
            method == .manual ? (body.rows?.count ?? 0, body.reason ?? "") : body.size.map { ($0, body.reason ?? "") }
        let sample = try await workflows.fieldwork.draw(
            .init(
                populationID: body.populationID, control: body.control, risk: body.risk ?? .low,
                seed: body.seed ?? UInt64.random(in: 0...SampleDraw.maxSeed), method: method, override: override,
                picks: method == .manual ? body.rows : nil),
            for: id, in: scope, keys: workflows.intake.populationKeys)
        return EditedResponse(status: .created, response: SampleResult(sample: sample))
    }

    @Sendable func extend(_ request: Request, context: AttestContext) async throws -> SampleResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let sampleID = try context.uuid("sample", "Sample")
        let body = try await StrictJSON.decode(ExtendRequest.self, from: request, context: context)
        return SampleResult(
            sample: try await workflows.fieldwork.extend(
                sampleID, of: id, by: body.count, reason: body.reason, in: scope, keys: workflows.intake.populationKeys))
    }
}
