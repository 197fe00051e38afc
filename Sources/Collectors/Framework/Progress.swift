import Foundation

/// Where a long run reports what it is doing: the CLI prints the lines, the scheduler logs them
/// and keeps the latest for the connection's page.
public struct Progress: Sendable {
    let sink: @Sendable (String) -> Void

    public init(_ sink: @escaping @Sendable (String) -> Void) { self.sink = sink }

    public func note(_ line: String) { sink(line) }

    public static let silent = Progress { _ in }
}
