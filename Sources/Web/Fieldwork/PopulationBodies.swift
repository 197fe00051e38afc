import ComplianceCore
import Foundation

// Populations and samples as the API answers them. Each body is its own type, built from the stored
// document: renaming a stored field does not rename an API field, and the OpenAPI document is
// checked against these bodies, not against the stored types.

/// `Population` as the API answers it.
struct PopulationBody: Encodable, Sendable {
    let id: UUID
    let engagementID: UUID
    let name: String
    let version: Int
    let evidenceID: UUID
    let evidenceVersion: Int
    let scan: PopulationScanBody
    let sourceSystem: String
    let extractionQuery: String
    let completenessProcedure: String
    let controls: [String]
    let frozenBy: String
    let frozenAt: Date
    let signoffs: SignOffsBody?

    init(_ value: Population) {
        id = value.id
        engagementID = value.engagementID
        name = value.name
        version = value.version
        evidenceID = value.evidenceID
        evidenceVersion = value.evidenceVersion
        scan = PopulationScanBody(value.scan)
        sourceSystem = value.sourceSystem
        extractionQuery = value.extractionQuery
        completenessProcedure = value.completenessProcedure
        controls = value.controls
        frozenBy = value.frozenBy
        frozenAt = value.frozenAt
        signoffs = value.signoffs.map(SignOffsBody.init)
    }
}

/// `PopulationScan` as the API answers it.
struct PopulationScanBody: Encodable, Sendable {
    let sha256: String
    let bytes: Int64
    let rows: Int
    let columns: [String]
    let byteOrderMark: Bool
    let lineEnding: String
    let problems: [PopulationScanProblemBody]
    let problemCount: Int

    init(_ value: PopulationScan) {
        sha256 = value.sha256
        bytes = value.bytes
        rows = value.rows
        columns = value.columns
        byteOrderMark = value.byteOrderMark
        lineEnding = value.lineEnding
        problems = value.problems.map(PopulationScanProblemBody.init)
        problemCount = value.problemCount
    }
}

/// `PopulationScan.Problem` as the API answers it.
struct PopulationScanProblemBody: Encodable, Sendable {
    let line: Int
    let message: String

    init(_ value: PopulationScan.Problem) {
        line = value.line
        message = value.message
    }
}

/// `Sample` as the API answers it.
struct SampleBody: Encodable, Sendable {
    let id: UUID
    let engagementID: UUID
    let populationID: UUID
    let control: String
    let frequency: Frequency
    let risk: ControlRisk
    let periodMonths: Int
    let proposal: SampleSizeProposalBody
    let overrideReason: String?
    let draw: SampleDrawBody
    let extensions: [SampleExtensionBody]
    let drawnBy: String
    let drawnAt: Date
    let signoffs: SignOffsBody?
    /// The population's key of each sampled row, when it was read at the draw.
    let keys: [SampleKeyBody]

    init(_ value: Sample) {
        id = value.id
        engagementID = value.engagementID
        populationID = value.populationID
        control = value.control
        frequency = value.frequency
        risk = value.risk
        periodMonths = value.periodMonths
        proposal = SampleSizeProposalBody(value.proposal)
        overrideReason = value.overrideReason
        draw = SampleDrawBody(value.draw)
        extensions = value.extensions.map(SampleExtensionBody.init)
        drawnBy = value.drawnBy
        drawnAt = value.drawnAt
        keys = (value.keys ?? []).map(SampleKeyBody.init)
        signoffs = value.signoffs.map(SignOffsBody.init)
    }
}

/// `SampleDraw` as the API answers it.
struct SampleDrawBody: Encodable, Sendable {
    let populationSHA256: String
    let populationRows: Int
    let sampleSize: Int
    let method: SampleMethod
    let seed: UInt64
    let selected: [Int]

    enum CodingKeys: String, CodingKey {
        case populationSHA256 = "population_sha256"
        case populationRows = "population_rows"
        case sampleSize = "sample_size"
        case method, seed, selected
    }

    init(_ value: SampleDraw) {
        populationSHA256 = value.populationSHA256
        populationRows = value.populationRows
        sampleSize = value.sampleSize
        method = value.method
        seed = value.seed
        selected = value.selected
    }
}

/// `SampleSizeProposal` as the API answers it.
struct SampleSizeProposalBody: Encodable, Sendable {
    let size: Int
    let basis: String

    init(_ value: SampleSizeProposal) {
        size = value.size
        basis = value.basis
    }
}

/// `SampleExtension` as the API answers it.
struct SampleExtensionBody: Encodable, Sendable {
    let round: Int
    let reason: String
    let selected: [Int]
    let by: String
    let at: Date

    init(_ value: SampleExtension) {
        round = value.round
        reason = value.reason
        selected = value.selected
        by = value.by
        at = value.at
    }
}

/// `SampleSizeTable` as the API answers it.
struct SampleSizeTableBody: Encodable, Sendable {
    let periodic: [Frequency: SampleSizeTable.Sizes]
    let events: [SampleSizeTable.EventBand]
    let testAllUpTo: Int

    init(_ value: SampleSizeTable) {
        periodic = value.periodic
        events = value.events
        testAllUpTo = value.testAllUpTo
    }
}

/// `SampleKey` as the API answers it.
struct SampleKeyBody: Encodable, Sendable {
    let row: Int
    let key: String

    init(_ value: SampleKey) {
        row = value.row
        key = value.key
    }
}
