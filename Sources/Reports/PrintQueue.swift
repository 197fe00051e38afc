import ComplianceCore
import Foundation

/// A counting semaphore with a bounded, patient queue: `concurrent` holders at a time, at most
/// `waiting` callers in line, each waiting at most `patience`; anyone beyond is told the server is
/// busy (503 with Retry-After) instead of piling up.
actor PrintQueue {
    private let concurrent: Int
    private let waiting: Int
    private let patience: Duration
    private var running = 0
    private var line: [(id: UUID, continuation: CheckedContinuation<Void, any Error>)] = []

    init(concurrent: Int, waiting: Int, patience: Duration) {
        self.concurrent = concurrent
        self.waiting = waiting
        self.patience = patience
    }

    var runningCount: Int { running }
    var waitingCount: Int { line.count }

    func acquire() async throws {
        if running < concurrent {
            running += 1
            return
        }
        guard line.count < waiting else { throw Self.busy }
        let id = UUID()
        let patience = patience
        let timer = Task { [weak self] in
            try await Task.sleep(for: patience)
            await self?.giveUp(id)
        }
        defer { timer.cancel() }
        try await withCheckedThrowingContinuation { continuation in line.append((id, continuation)) }
    }

    /// Hands the slot to the next in line, or frees it.
    func release() {
        if line.isEmpty {
            running = max(0, running - 1)
        } else {
            line.removeFirst().continuation.resume()
        }
    }

    private func giveUp(_ id: UUID) {
        guard let index = line.firstIndex(where: { $0.id == id }) else { return }
        line.remove(at: index).continuation.resume(throwing: Self.busy)
    }

    static let busy = DomainError(
        .busy(retryAfterSeconds: 15), code: "pdf_busy", "Other PDFs are being printed right now; try again in a few seconds.")
}
