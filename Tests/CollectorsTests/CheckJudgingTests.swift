import Collectors
import ComplianceCore
import Foundation
import Testing

@Suite("Check definitions and judging")
struct CheckJudgingTests {
    @Test func everyCheckHasAUniqueProwlerStyleIdAndRealCriteria() {
        let ids = AWSChecks.descriptors.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.wholeMatch(of: /[a-z0-9]+(_[a-z0-9]+)+/) != nil })
        for descriptor in AWSChecks.descriptors {
            #expect(!descriptor.criteria.isEmpty, "\(descriptor.id)")
            #expect(
                descriptor.criteria.allSatisfy { $0.criterion.wholeMatch(of: /(CC[1-9]|A1|C1|PI1|P[1-8])\.[0-9]{1,2}/) != nil }, "\(descriptor.id)")
        }
    }

    @Test func ingressRulesOpenToTheInternet() {
        let ssh = IngressRule(proto: "tcp", fromPort: 22, toPort: 22, ranges: ["0.0.0.0/0"])
        #expect(ssh.exposes(22) && !ssh.exposes(3389) && !ssh.exposesAllPorts)
        let range = IngressRule(proto: "tcp", fromPort: 0, toPort: 65535, ranges: ["::/0"])
        #expect(range.exposes(3389) && range.exposesAllPorts)
        let everything = IngressRule(proto: "-1", fromPort: nil, toPort: nil, ranges: ["0.0.0.0/0"])
        #expect(everything.exposes(22) && everything.exposesAllPorts)
        let inside = IngressRule(proto: "tcp", fromPort: 22, toPort: 22, ranges: ["10.0.0.0/8"])
        #expect(!inside.exposes(22))
        let udp = IngressRule(proto: "udp", fromPort: 22, toPort: 22, ranges: ["0.0.0.0/0"])
        #expect(!udp.exposes(22))
    }

    @Test func policyDocumentsInEveryShape() throws {
        let admin = try PolicyDocument.parseForTesting(#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#)
        #expect(admin.grantsAdministrator)
        let listed = try PolicyDocument.parseForTesting(#"{"Statement":[{"Effect":"Allow","Action":["s3:*","*"],"Resource":["*"]}]}"#)
        #expect(listed.grantsAdministrator)
        let narrow = try PolicyDocument.parseForTesting(#"{"Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}"#)
        #expect(!narrow.grantsAdministrator)
        let tls = try PolicyDocument.parseForTesting(
            #"{"Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#
        )
        #expect(tls.deniesInsecureTransport && !tls.allowsEveryone)
        #expect(throws: XMLFailure.self) { try PolicyDocument.parseForTesting("{not json") }
    }

    @Test func hostileXMLIsRefusedNotBelieved() {
        #expect(throws: XMLFailure.self) { try XMLTree.parse(Array("<a><b></a>".utf8)) }
        #expect(throws: XMLFailure.self) { try XMLTree.parse(Array("".utf8)) }
        let deep = String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200)
        #expect(throws: XMLFailure.self) { try XMLTree.parse(Array(deep.utf8)) }
        // An external entity is not fetched.
        let entity = #"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>"#
        let tree = try? XMLTree.parse(Array(entity.utf8))
        #expect(tree?.text.contains("root:") != true)
    }

    @Test func pagingRefusesALoopAndAnEndlessListing() async {
        await #expect(throws: CollectorError.pageLoop(action: "x:List")) {
            try await Paging.all("x:List") { (token: String?) async throws(CollectorError) in ([1], token == nil ? "a" : (token == "a" ? "b" : "a")) }
        }
        var page = 0
        await #expect(throws: CollectorError.pageLoop(action: "x:List")) {
            try await Paging.all("x:List", maxPages: 10) { (_: String?) async throws(CollectorError) in
                page += 1
                return ([page], "token-\(page)")
            }
        }
        let all = try? await Paging.all("x:List") { (token: String?) async throws(CollectorError) in
            (token == nil ? [1, 2] : [3], token == nil ? "next" : nil)
        }
        #expect(all == [1, 2, 3])
    }

    @Test func aCheckWithNothingToJudgeIsNotApplicableAndAnUnansweredPartIsAnError() {
        let descriptor = CheckDescriptor(
            id: "t_check", title: "T", connector: "aws", service: "s", resourceType: "Thing", criteria: [CriterionSupport("CC6.1", direct: true)])
        #expect(Check<Int>(descriptor) { _ in [] }.run(on: 0).status == .notApplicable)
        let mixed = Check<Int>(descriptor) { _ in
            [
                ResourceFinding(id: "a", arn: "a", region: "r", status: .pass, detail: ""),
                .unanswered(.timedOut(action: "s:List", seconds: 1), scope: "r2", region: "r2"),
            ]
        }.run(on: 0)
        #expect(mixed.status == .error && mixed.reason == "s:List did not answer within 1 s")
        let failing = Check<Int>(descriptor) { _ in
            [ResourceFinding(id: "a", arn: "a", region: "r", status: .fail, detail: ""), .unanswered(.pageLoop(action: "s:List"), scope: "r2")]
        }.run(on: 0)
        #expect(failing.status == .fail)
    }
}
