import Foundation

/// Follows a listing's page tokens to the end. A token seen twice means the source would loop
/// forever, and `maxPages` bounds a source that never stops; both end the listing with an error
/// rather than a partial answer passed off as complete.
public enum Paging {
    public static func all<Item: Sendable>(
        _ action: String, maxPages: Int = 5_000, _ fetch: (String?) async throws(CollectorError) -> (items: [Item], next: String?)
    ) async throws(CollectorError) -> [Item] {
        var items: [Item] = []
        var token: String?
        var seen: Set<String> = []
        for _ in 0..<maxPages {
            let page = try await fetch(token)
            items += page.items
            guard let next = page.next, !next.isEmpty else { return items }
            guard seen.insert(next).inserted else { throw .pageLoop(action: action) }
            token = next
        }
        throw .pageLoop(action: action)
    }
}

/// Runs `work` over `inputs` with at most `limit` at once, keeping the inputs' order.
public func concurrently<Input: Sendable, Output: Sendable>(
    _ inputs: [Input], limit: Int = 8, _ work: @escaping @Sendable (Input) async -> Output
) async -> [Output] {
    await withTaskGroup(of: (Int, Output).self) { group in
        var results = [Output?](repeating: nil, count: inputs.count)
        var next = 0
        for _ in 0..<min(limit, inputs.count) {
            let index = next
            group.addTask { (index, await work(inputs[index])) }
            next += 1
        }
        while let (index, output) = await group.next() {
            results[index] = output
            if next < inputs.count {
                let index = next
                group.addTask { (index, await work(inputs[index])) }
                next += 1
            }
        }
        return results.map { $0! }
    }
}
