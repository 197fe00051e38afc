import ComplianceCore
import EvidenceStore
import Foundation
import Hummingbird
import UseCases

struct IndependenceRequest: StrictBody {
    static let fields: Set<String> = ["statement"]
    let statement: String
}

struct ListingFreezeRequest: StrictBody {
    static let fields: Set<String> = ["run_id", "listing", "name", "controls", "key_column"]
    let runID: UUID
    let listing: String
    let name: String?
    let controls: [String]?
    let keyColumn: String?
    enum CodingKeys: String, CodingKey {
        case listing, name, controls
        case runID = "run_id"
        case keyColumn = "key_column"
    }
}

struct FreezeRequest: StrictBody {
    static let fields: Set<String> = [
        "name", "evidence_id", "evidence_version", "source_system", "extraction_query", "completeness_procedure",
        "controls", "key_column",
    ]
    let name: String
    let evidenceID: UUID
    let evidenceVersion: Int?
    let sourceSystem: String
    let extractionQuery: String
    let completenessProcedure: String
    let controls: [String]?
    let keyColumn: String?
    enum CodingKeys: String, CodingKey {
        case name, controls
        case evidenceID = "evidence_id"
        case evidenceVersion = "evidence_version"
        case sourceSystem = "source_system"
        case extractionQuery = "extraction_query"
        case completenessProcedure = "completeness_procedure"
        case keyColumn = "key_column"
    }
}

struct SampleTableBody: StrictBody {
    struct Sizes: Decodable {
        let low: Int
        let high: Int
    }
    struct Band: Decodable {
        let upTo: Int?
        let sizes: Sizes
        enum CodingKeys: String, CodingKey {
            case sizes
            case upTo = "up_to"
        }
    }
    static let fields: Set<String> = ["periodic", "events", "test_all_up_to"]
    static let nestedFields: [String: Set<String>] = [
        "periodic.*": ["low", "high"], "events[]": ["up_to", "sizes"], "events[].sizes": ["low", "high"],
    ]
    let periodic: [Frequency: Sizes]
    let events: [Band]
    let testAllUpTo: Int
    enum CodingKeys: String, CodingKey {
        case periodic, events
        case testAllUpTo = "test_all_up_to"
    }

    var table: SampleSizeTable {
        SampleSizeTable(
            periodic: periodic.mapValues { .init(low: $0.low, high: $0.high) },
            events: events.map { .init(upTo: $0.upTo, sizes: .init(low: $0.sizes.low, high: $0.sizes.high)) }, testAllUpTo: testAllUpTo)
    }
}

struct SampleTableResult: ResponseEncodable {
    let table: SampleSizeTableBody

    init(table: SampleSizeTable) {
        self.table = SampleSizeTableBody(table)
    }
}

struct DrawRequest: StrictBody {
    static let fields: Set<String> = ["population_id", "control", "risk", "seed", "method", "size", "reason", "rows"]
    let rows: [Int]?
    let populationID: UUID
    let control: String
    let risk: ControlRisk?
    let seed: UInt64?
    let method: SampleMethod?
    let size: Int?
    let reason: String?
    enum CodingKeys: String, CodingKey {
        case control, risk, seed, method, size, reason, rows
        case populationID = "population_id"
    }
}

struct ExtendRequest: StrictBody {
    static let fields: Set<String> = ["count", "reason"]
    let count: Int
    let reason: String
}

struct WalkthroughRequest: StrictBody {
    static let fields: Set<String> = ["control", "date", "participants", "notes", "evidence", "design", "reason"]
    let control: String
    let date: Day
    let participants: [String]
    let notes: String
    let evidence: [UUID]?
    let design: Walkthrough.Design
    let reason: String
}

struct TestPlanRequest: StrictBody {
    static let fields: Set<String> = ["control", "sample_id", "paths", "procedures", "attributes"]
    let control: String
    let sampleID: UUID?
    let paths: Int?
    let procedures: [TestMethod]
    let attributes: [String]
    enum CodingKeys: String, CodingKey {
        case control, paths, procedures, attributes
        case sampleID = "sample_id"
    }
}

struct ResultRequest: StrictBody {
    static let fields: Set<String> = ["item", "attribute", "passed", "note", "evidence"]
    let item: Int
    let attribute: String
    let passed: Bool
    let note: String?
    let evidence: [UUID]?
}

struct ExceptionRequest: StrictBody {
    static let fields: Set<String> = ["description", "cause", "count", "evaluation"]
    let description: String
    let cause: String
    let count: Int
    let evaluation: TestException.Evaluation
}

struct ResponseRequest: StrictBody {
    static let fields: Set<String> = ["response"]
    let response: String
}

struct SignRequest: StrictBody {
    static let fields: Set<String> = ["role", "unsign"]
    let role: SignRole
    let unsign: Bool?
}

struct WalkthroughList: ResponseEncodable {
    let walkthroughs: [WalkthroughBody]

    init(walkthroughs: [Walkthrough]) {
        self.walkthroughs = walkthroughs.map(WalkthroughBody.init)
    }
}

struct WalkthroughResult: ResponseEncodable {
    let walkthrough: WalkthroughBody

    init(walkthrough: Walkthrough) {
        self.walkthrough = WalkthroughBody(walkthrough)
    }
}

struct TestList: ResponseEncodable { let tests: [TestBody] }

struct TestResult: ResponseEncodable { let test: TestBody }

struct TestBody: Encodable {
    let test: ControlTestBody
    let conclusion: ControlConclusion
    init(_ test: ControlTest) {
        self.test = ControlTestBody(test)
        // Before release the client sees no results, so no conclusion either.
        conclusion = test.results.isEmpty && test.releasedAt == nil ? .incomplete : test.conclusion
    }
}

struct SignResult: ResponseEncodable {
    let signoffs: SignOffsBody

    init(signoffs: SignOffs) {
        self.signoffs = SignOffsBody(signoffs)
    }
}

struct ConclusionList: ResponseEncodable { let conclusions: [CriterionConclusion] }

struct RequestActionBody: StrictBody {
    enum Kind: String, Decodable { case provide, accept, `return`, reschedule, comment }
    static let fields: Set<String> = ["action", "evidence", "reason", "due_date", "text"]
    let action: Kind
    let evidence: [UUID]?
    let reason: String?
    let dueDate: Day?
    let text: String?
    enum CodingKeys: String, CodingKey {
        case action, evidence, reason, text
        case dueDate = "due_date"
    }

    func domain() throws(DomainError) -> RequestAction {
        switch action {
        case .provide: return .provide(evidence: evidence ?? [])
        case .accept: return .accept
        case .return:
            guard let reason else { throw .unprocessable("reason", "say why the request goes back.") }
            return .giveBack(reason: reason)
        case .reschedule:
            guard let dueDate else { throw .unprocessable("due_date", "give the new due date.") }
            return .reschedule(dueDate)
        case .comment:
            guard let text else { throw .unprocessable("text", "write a comment of 1 to 4000 characters.") }
            return .comment(text)
        }
    }
}

struct NotificationList: ResponseEncodable {
    let unread: Int
    let notifications: [NotificationBody]

    init(unread: Int, notifications: [ComplianceCore.Notification]) {
        self.unread = unread
        self.notifications = notifications.map(NotificationBody.init)
    }
}

struct ReadResult: ResponseEncodable { let marked: Int }

struct IndependenceResult: ResponseEncodable {
    let confirmation: IndependenceConfirmationBody

    init(confirmation: IndependenceConfirmation) {
        self.confirmation = IndependenceConfirmationBody(confirmation)
    }
}

struct PopulationList: ResponseEncodable {
    let populations: [PopulationBody]

    init(populations: [Population]) {
        self.populations = populations.map(PopulationBody.init)
    }
}

struct PopulationResult: ResponseEncodable {
    let population: PopulationBody

    init(population: Population) {
        self.population = PopulationBody(population)
    }
}

struct SampleList: ResponseEncodable {
    let samples: [SampleBody]

    init(samples: [Sample]) {
        self.samples = samples.map(SampleBody.init)
    }
}

struct SampleResult: ResponseEncodable {
    let sample: SampleBody

    init(sample: Sample) {
        self.sample = SampleBody(sample)
    }
}
