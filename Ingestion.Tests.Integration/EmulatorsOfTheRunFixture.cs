using Ingestion.Tests.Support;

// The emulators start once for the whole run: fauxqs and dynalite with the template deployed into
// them, and moto. The fixtures the test classes take (DynaliteFixture, FauxqsSqsFixture,
// TaskEnvironment, MotoStacks, ...) stand on them.
[assembly: AssemblyFixture(typeof(EmulatorsOfTheRun))]
[assembly: AssemblyFixture(typeof(MotoSecretsManager))]
