import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A request a collector sends; built anew for every attempt so each carries a fresh signature.
public struct OutboundCall: Sendable {
    public var method: HTTPMethod
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: HTTPMethod, url: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct InboundReply: Sendable {
    public let status: Int
    public let headers: HTTPHeaders
    public let body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// The one way a collector reaches a source: a deadline per call, a cap on the bytes of an answer,
/// throttling retried with backoff, every attempt counted in the run's ledger, at most `limit`
/// calls in flight.
public struct CollectorHTTP: Sendable {
    public let client: HTTPClient
    public let timeout: Duration
    /// No single answer of a listing API comes near this; a larger one is refused, not buffered.
    public let bodyLimit: Int
    public let retry: RetryPolicy
    public let ledger: CallLedger
    let gate: Gate

    public init(
        client: HTTPClient = .shared, timeout: Duration = .seconds(20), bodyLimit: Int = 32 << 20, retry: RetryPolicy = RetryPolicy(),
        concurrency: Int = 16, ledger: CallLedger = CallLedger()
    ) {
        self.client = client
        self.timeout = timeout
        self.bodyLimit = bodyLimit
        self.retry = retry
        self.ledger = ledger
        gate = Gate(limit: concurrency)
    }

    /// Sends `build()` until it is answered without throttling. `throttled` tells a source's own
    /// throttling answer apart (AWS says so in a 400's body); 429 and 503 always are.
    public func send(
        _ action: String, throttled: @Sendable (InboundReply) -> Bool = { _ in false },
        retryAfter: @Sendable (InboundReply) -> Duration? = { _ in nil },
        _ build: () -> OutboundCall
    ) async throws(CollectorError) -> InboundReply {
        var attempt = 1
        while true {
            await ledger.record(action, retry: attempt > 1)
            let reply = try await once(action, build())
            let isThrottled = reply.status == 429 || reply.status == 503 || throttled(reply)
            guard isThrottled else { return reply }
            guard attempt < retry.attempts else { throw .throttled(action: action, attempts: attempt) }
            let wait = retry.delay(after: attempt, retryAfter: retryAfter(reply) ?? Self.retryAfterHeader(reply))
            try? await Task.sleep(for: wait)
            attempt += 1
        }
    }

    func once(_ action: String, _ call: OutboundCall) async throws(CollectorError) -> InboundReply {
        var request = HTTPClientRequest(url: call.url)
        request.method = call.method
        for (name, value) in call.headers { request.headers.replaceOrAdd(name: name, value: value) }
        if !call.body.isEmpty || call.method == .POST || call.method == .PUT { request.body = .bytes(ByteBuffer(bytes: call.body)) }
        await gate.enter()
        let outcome = await execute(action, request)
        await gate.leave()
        return try outcome.get()
    }

    private func execute(_ action: String, _ request: HTTPClientRequest) async -> Result<InboundReply, CollectorError> {
        let deadline = TimeAmount.nanoseconds(timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(request, timeout: deadline)
            let body = try await response.body.collect(upTo: bodyLimit)
            return .success(InboundReply(status: Int(response.status.code), headers: response.headers, body: Array(buffer: body)))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .failure(.timedOut(action: action, seconds: max(1, Int(timeout.components.seconds))))
        } catch is NIOTooManyBytesError {
            return .failure(.malformed(action: action, reason: "the answer is larger than \(bodyLimit >> 20) MiB"))
        } catch {
            return .failure(.unreachable(action: action, reason: String(String(describing: error).prefix(200))))
        }
    }

    static func retryAfterHeader(_ reply: InboundReply) -> Duration? {
        guard let value = reply.headers.first(name: "retry-after"), let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
            return nil
        }
        return .seconds(seconds)
    }
}

/// A counting semaphore for async code: at most `limit` holders at once, the rest wait in order.
actor Gate {
    let limit: Int
    private var held = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    func enter() async {
        if held < limit {
            held += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            held -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
