/// A line-by-line difference between two texts, for comparing policy versions.
///
/// Bounded, because the texts come from users and a viewer may ask for any pair of versions: the
/// common prefix and suffix are matched in linear time (most edits are small), and the longest
/// common subsequence is computed only over what remains and only while that table stays under
/// `maxCells`; past it the differing middle is shown as removed and then added, which is correct,
/// only less fine-grained. (Two 20,000-line versions once took 8 s and 3.2 GB for one request.)
public enum LineDiff {
    public enum Line: Sendable, Hashable {
        case same(String)
        case added(String)
        case removed(String)
    }

    /// 4 million cells of 4 bytes: 16 MB and tens of milliseconds at most.
    public static let maxCells = 4_000_000

    public static func diff(_ old: String, _ new: String) -> [Line] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        return a[..<prefix].map(Line.same) + middle(middleA, middleB) + a[(a.count - suffix)...].map(Line.same)
    }

    /// The longest-common-subsequence diff of the differing middle, or a plain replacement when too large.
    static func middle(_ a: [String], _ b: [String]) -> [Line] {
        guard !a.isEmpty, !b.isEmpty, (a.count + 1) * (b.count + 1) <= maxCells else { return a.map(Line.removed) + b.map(Line.added) }
        let width = b.count + 1
        var table = [Int32](repeating: 0, count: (a.count + 1) * width)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i * width + j] = a[i] == b[j] ? table[(i + 1) * width + j + 1] + 1 : max(table[(i + 1) * width + j], table[i * width + j + 1])
            }
        }
        var out: [Line] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                out.append(.same(a[i]))
                i += 1
                j += 1
            } else if i < a.count, j == b.count || table[(i + 1) * width + j] >= table[i * width + j + 1] {
                // Removals before additions, as readers expect of a replaced line.
                out.append(.removed(a[i]))
                i += 1
            } else {
                out.append(.added(b[j]))
                j += 1
            }
        }
        return out
    }
}
