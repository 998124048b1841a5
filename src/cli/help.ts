/** The text of `keyfence --help`. Kept beside the parser so the two change together. */
export const HELP = `Usage: keyfence [command] [options] [PATH...]

Find AWS credentials, committed .env and log files, .gitignore gaps and over-broad IAM
policies before they leave your machine.

Commands:
  scan [PATH...]   Scan the working tree: the files git would commit (default command)
  staged           Scan the content staged in the git index (for a pre-commit hook)
  history          Scan every commit of every ref (branches, tags, remotes, stash)
  rules [ID...]    List every rule with its id, severity and description; with IDs, show
                   those rules in full, with how to fix what they find
  baseline [MODE]  Write today's findings to .keyfence-baseline.json so later runs report only
                   new ones; MODE is scan (default, takes PATH...), staged or history
  init             Write a starter .keyfencerc.json and install the pre-commit hook

Options:
  -f, --format FMT     Report format: text (default), json, sarif, github; may be repeated
  -o, --output FILE    Write the report to FILE; pairs with the --format right before it
      --sarif-category ID
                       SARIF run category for code scanning (default keyfence/<mode>/)
  -c, --config FILE    Read the configuration from FILE instead of searching for one
      --no-config      Ignore every configuration file and use the defaults
      --ci             Treat the repository as untrusted: never run a keyfence.config.js
                       (also when the CI environment variable is set)
      --trust-config   Run a JavaScript configuration even with --ci or in CI
      --fail-on LEVEL  Exit 1 for findings at or above LEVEL: error (default), warning, note
  -q, --quiet          Report only findings at or above the fail level
      --no-color       Never colour the output (also NO_COLOR=1); --color forces it
      --show-secrets   Print secret values unredacted (never use this in CI logs)
      --baseline FILE  Suppress the findings listed in FILE (see \`keyfence baseline\`)
      --update-baseline  Drop baseline entries that match nothing any more, and say how many
      --no-suppressions  Show everything: ignore keyfence:allow comments, allow.values, baseline
      --fix            Append missing required entries to the root .gitignore (scan only)
      --debug          Print timings and counts to stderr
      --range A..B     history: only what the commits from A to B added (a pull request)
      --since REF      history: leave out the commits REF already has
      --branch NAME    history: the commits of one branch instead of every ref
      --husky          init: add keyfence to the husky pre-commit hook
      --git-hook       init: write a plain git pre-commit hook
  -h, --help           Show this help
  -v, --version        Show the version

Exit codes:
  0  no findings at or above the fail level
  1  findings at or above the fail level
  2  usage, configuration, git or internal error: the scan did not complete
`;
