using Ingestion.Tests.Support;

// fauxqs and dynalite start once for the whole run, the template deployed into them; the
// fixtures the test classes take (DynaliteFixture, FauxqsSqsFixture, ...) stand on them.
[assembly: AssemblyFixture(typeof(EmulatorsOfTheRun))]
