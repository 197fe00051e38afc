import ComplianceCore
import Foundation
import Testing

@testable import Reports

/// Issue 11, finding 2: twelve concurrent PDF renders started twelve Chromium processes. Printing
/// now goes through a small queue: a bounded line, a bounded wait, then "busy".
@Suite("The print queue")
struct PrintQueueTests {
    @Test func aFullLineIsToldTheServerIsBusyAndTheNextInLineGetsTheSlot() async throws {
        let queue = PrintQueue(concurrent: 1, waiting: 1, patience: .seconds(600))
        try await queue.acquire()
        let second = Task { try await queue.acquire() }
        while await queue.waitingCount == 0 { await Task.yield() }
        let third = await #expect(throws: DomainError.self) { try await queue.acquire() }
        #expect(third?.code == "pdf_busy")
        if case .busy(let seconds)? = third?.kind { #expect(seconds > 0) } else { Issue.record("not a busy refusal") }
        await queue.release()
        try await second.value
        #expect(await queue.runningCount == 1)
        await queue.release()
        #expect(await queue.runningCount == 0)
    }

    @Test func aWaitThatRunsOutIsBusyAndLeavesTheLine() async throws {
        let queue = PrintQueue(concurrent: 1, waiting: 4, patience: .milliseconds(50))
        try await queue.acquire()
        await #expect(throws: DomainError.self) { try await queue.acquire() }
        #expect(await queue.waitingCount == 0)
        await queue.release()
        try await queue.acquire()
        await queue.release()
    }
}
