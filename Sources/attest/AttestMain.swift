import App

/// Entry point: parses the command line and hands over to `App`.
@main
struct AttestMain {
    static func main() async {
        await AttestCLI.main()
    }
}
