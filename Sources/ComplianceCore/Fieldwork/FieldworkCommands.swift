import Foundation

/// One attribute's result on one item, as the auditor records it.
public struct ResultEntry: Sendable {
    public let item: Int
    public let attribute: String
    public let passed: Bool
    public let note: String
    public let evidence: [UUID]

    public init(item: Int, attribute: String, passed: Bool, note: String = "", evidence: [UUID] = []) {
        self.item = item
        self.attribute = attribute
        self.passed = passed
        self.note = note
        self.evidence = evidence
    }
}

public enum WorkpaperKind: String, Sendable, CaseIterable {
    case walkthrough, population, sample, test
}

/// What a freeze says about the population beyond the file itself.
public struct FreezeDetails: Sendable {
    public let name: String
    public let sourceSystem: String
    public let extractionQuery: String
    public let completenessProcedure: String
    public let controls: [String]

    public init(name: String, sourceSystem: String, extractionQuery: String, completenessProcedure: String, controls: [String]) {
        self.name = name
        self.sourceSystem = sourceSystem
        self.extractionQuery = extractionQuery
        self.completenessProcedure = completenessProcedure
        self.controls = controls
    }
}

/// What an auditor asks for when drawing a sample.
public struct SampleRequest: Sendable {
    public let populationID: UUID
    public let control: String
    public let risk: ControlRisk
    public let seed: UInt64
    public let method: SampleMethod
    public let override: (size: Int, reason: String)?
    /// The auditor's own picks (method `manual`), with the reason in `override`.
    public let picks: [Int]?

    public init(
        populationID: UUID, control: String, risk: ControlRisk, seed: UInt64, method: SampleMethod, override: (size: Int, reason: String)?,
        picks: [Int]? = nil
    ) {
        self.picks = picks
        self.populationID = populationID
        self.control = control
        self.risk = risk
        self.seed = seed
        self.method = method
        self.override = override
    }
}
