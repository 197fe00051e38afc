import ComplianceCore
import Foundation

/// A declarative check: what it is (`descriptor`) and how it judges the facts a run gathered.
/// Judging is pure, so a check is tested on facts alone and a run gathers each fact once for all
/// the checks that need it.
public struct Check<Facts: Sendable>: Sendable {
    public let descriptor: CheckDescriptor
    let judge: @Sendable (Facts) -> [ResourceFinding]

    public init(_ descriptor: CheckDescriptor, judge: @escaping @Sendable (Facts) -> [ResourceFinding]) {
        self.descriptor = descriptor
        self.judge = judge
    }

    public func run(on facts: Facts) -> CheckOutcome {
        let findings = judge(facts)
        let errors = Set(findings.filter { $0.status == .error }.map(\.detail)).sorted()
        let outcome = CheckOutcome(check: descriptor, resources: findings)
        switch outcome.status {
        case .error: return CheckOutcome(check: descriptor, resources: findings, reason: errors.joined(separator: "; "))
        case .notApplicable where findings.isEmpty:
            return CheckOutcome(check: descriptor, resources: [], reason: "no \(descriptor.resourceType) found")
        default: return outcome
        }
    }
}

extension ResourceFinding {
    /// The finding that stands for a part of the source that did not answer.
    public static func unanswered(_ error: CollectorError, scope: String, region: String = "global") -> ResourceFinding {
        ResourceFinding(id: scope, arn: "", region: region, status: .error, detail: error.description)
    }

    public static func verdict(_ passes: Bool, id: String, arn: String, region: String, pass: String, fail: String) -> ResourceFinding {
        ResourceFinding(id: id, arn: arn, region: region, status: passes ? .pass : .fail, detail: passes ? pass : fail)
    }
}

extension Result where Failure == CollectorError {
    /// Judges the facts when they were gathered, else the one finding that says why not.
    func judged(scope: String, region: String = "global", _ judge: (Success) -> [ResourceFinding]) -> [ResourceFinding] {
        switch self {
        case .success(let facts): judge(facts)
        case .failure(let error): [.unanswered(error, scope: scope, region: region)]
        }
    }
}

extension Result where Failure == CollectorError {
    init(catching body: () async throws(CollectorError) -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
