import Foundation

/// What one use case asked the access policy and loaded, recorded only while a test (or a
/// diagnostic) binds `AccessTrace.current`: the way to check that a use case decides once.
public final class AccessTrace: @unchecked Sendable {
    @TaskLocal public static var current: AccessTrace?

    private let lock = NSLock()
    private var decided: [Permission] = []
    private var loaded: [String] = []

    public init() {}

    /// Every permission asked, in order.
    public var decisions: [Permission] { lock.withLock { decided } }
    /// Every guarded load (for example "engagement"), in order.
    public var loads: [String] { lock.withLock { loaded } }

    func record(_ permission: Permission) {
        lock.withLock { decided.append(permission) }
    }

    /// Storage calls this when it loads a record that a use case checks access to.
    public static func load(_ what: String) {
        guard let trace = current else { return }
        trace.lock.withLock { trace.loaded.append(what) }
    }
}
