import { createRequire as __keyfenceRequire } from 'node:module';
const require = __keyfenceRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node_modules/ignore/index.js
var require_ignore = __commonJS({
  "node_modules/ignore/index.js"(exports, module) {
    function makeArray(subject) {
      return Array.isArray(subject) ? subject : [subject];
    }
    var UNDEFINED = void 0;
    var EMPTY = "";
    var SPACE = " ";
    var ESCAPE = "\\";
    var REGEX_LITERAL_SPECIAL = /[.*+?()[\]{}^$|\\/]/;
    var BOM = "\uFEFF";
    var REGEX_ANCHORED_GLOBSTAR = /^\/\*{2,}$/;
    var REGEX_REPLACE_LEADING_EXCAPED_EXCLAMATION = /^\\!/;
    var REGEX_REPLACE_LEADING_EXCAPED_HASH = /^\\#/;
    var REGEX_SPLITALL_CRLF = /\r?\n/g;
    var DOUBLE_SLASH = "//";
    var SLASH_CODE = 47;
    var DOT_CODE = 46;
    var SLASH = "/";
    var TMP_KEY_IGNORE = "node-ignore";
    if (typeof Symbol !== "undefined") {
      TMP_KEY_IGNORE = /* @__PURE__ */ Symbol.for("node-ignore");
    }
    var KEY_IGNORE = TMP_KEY_IGNORE;
    var define = (object, key, value) => {
      Object.defineProperty(object, key, { value });
      return value;
    };
    var RETURN_FALSE = () => false;
    var POSIX_CLASSES = {
      alnum: "0-9A-Za-z",
      alpha: "A-Za-z",
      blank: " \\t",
      cntrl: "\\x00-\\x1f\\x7f",
      digit: "0-9",
      graph: "!-.0-~",
      lower: "a-z",
      print: " -.0-~",
      punct: "!-.:-@\\[-`{-~",
      // git's `sane-ctype.h` classifies \v and \f as control, not space,
      //   unlike C's `isspace`
      space: " \\t\\n\\r",
      upper: "A-Z",
      xdigit: "0-9A-Fa-f"
    };
    var CLASS_MEMBERS_TO_ESCAPE = "\\]^-[";
    var escapeMember = (char) => CLASS_MEMBERS_TO_ESCAPE.indexOf(char) < 0 ? char : ESCAPE + char;
    var NON_SLASH = "(?!\\/)";
    var classSource = (negated, body) => {
      if (negated) {
        return `[^\\/${body}]`;
      }
      const source = `[${body}]`;
      return new RegExp(source).test("/") ? NON_SLASH + source : source;
    };
    var scanBracket = (pattern, start) => {
      const { length } = pattern;
      let index = start + 1;
      let negated = EMPTY;
      const lead = pattern[index];
      if (lead === "!" || lead === "^") {
        negated = "^";
        index++;
      }
      let body = EMPTY;
      let prev = EMPTY;
      for (; ; ) {
        const char = pattern[index];
        if (char === UNDEFINED) {
          return null;
        }
        if (char === ESCAPE) {
          const escaped = pattern[++index];
          body += escapeMember(escaped);
          prev = escaped;
        } else if (char === "-" && prev && index + 1 < length && pattern[index + 1] !== "]") {
          index++;
          let to = pattern[index];
          if (to === ESCAPE) {
            to = pattern[index += 1];
          }
          if (prev <= to) {
            body += `-${escapeMember(to)}`;
          }
          prev = EMPTY;
        } else if (char === "[" && pattern[index + 1] === ":") {
          const nameStart = index + 2;
          let end = nameStart;
          while (end < length && pattern[end] !== "]") {
            end++;
          }
          if (end === length) {
            return null;
          }
          if (end > nameStart && pattern[end - 1] === ":") {
            const name = pattern.slice(nameStart, end - 1);
            if (!Object.prototype.hasOwnProperty.call(POSIX_CLASSES, name)) {
              return null;
            }
            body += POSIX_CLASSES[name];
            prev = EMPTY;
            index = end;
          } else {
            body += escapeMember("[");
            prev = "[";
            index = nameStart - 2;
          }
        } else {
          body += escapeMember(char);
          prev = char;
        }
        index++;
        if (pattern[index] === "]") {
          return {
            end: index,
            source: classSource(negated, body)
          };
        }
      }
    };
    var NEVER_MATCH = "[]";
    var PLACEHOLDER = "\0";
    var REGEX_RESTORE_PLACEHOLDER = new RegExp(
      `${PLACEHOLDER}(\\d+)${PLACEHOLDER}`,
      "g"
    );
    var TRAILING_WILDCARD = "\uE000";
    var TRAILING_DOUBLESTAR = "\uE001";
    var isReserved = (char) => char === PLACEHOLDER || char === TRAILING_WILDCARD || char === TRAILING_DOUBLESTAR;
    var extractBrackets = (pattern) => {
      const sources = [];
      const hold = (source) => `${PLACEHOLDER}${sources.push(source) - 1}${PLACEHOLDER}`;
      const { length } = pattern;
      let out = EMPTY;
      let index = 0;
      while (index < length) {
        const char = pattern[index];
        if (char === ESCAPE) {
          const escaped = pattern[index + 1];
          if (escaped === SLASH && index + 2 === length) {
            out += hold(NEVER_MATCH);
          } else if (escaped === "*" || escaped === "[" || escaped === SPACE) {
            out += pattern.slice(index, index + 2);
          } else {
            out += hold(
              REGEX_LITERAL_SPECIAL.test(escaped) ? ESCAPE + escaped : isReserved(escaped) ? `[${escaped}]` : escaped
            );
          }
          index += 2;
        } else if (isReserved(char)) {
          out += hold(`[${char}]`);
          index++;
        } else if (char === "[") {
          const scanned = scanBracket(pattern, index);
          if (scanned === null) {
            out += hold(NEVER_MATCH);
            index = length;
          } else {
            out += hold(scanned.source);
            index = scanned.end + 1;
          }
        } else {
          out += char;
          index++;
        }
      }
      return {
        source: out,
        sources
      };
    };
    var DIRECT = null;
    var REGEX_INNER_SLASH = /\/(?!$)/;
    var WILDCARD = "[^\\/]*";
    var REPLACERS = [
      // Replace (\ ) with ' '
      // Only a space: an escaped tab or other whitespace is already a literal by
      //   the time it reaches here, and a bare tab must be left as one, not turned
      //   into a space.
      // (\ ) -> ' '
      // (\\ ) -> '\\ '
      // (\\\ ) -> '\\ '
      [
        // A run of backslashes is taken whole, from its first one, so no match
        //   ever starts again inside it -- `(\\+?) ` did, which made a long run
        //   quadratic.
        /(\\+)( ?)/g,
        (_, run, space) => space ? run.slice(0, run.length - run.length % 2) + SPACE : run,
        ESCAPE + SPACE
      ],
      // git's wildmatch() reads a run of two or more asterisks as one globstar
      //   whenever the run fills a path segment: it starts the pattern or follows
      //   a `/`, and it ends the pattern or comes before a `/`. A run of two is
      //   already `**`; a longer one is folded into `**` here, so the steps
      //   below only ever have to know `**`.
      // `***/foo` -> `**/foo`, `a/***/b` -> `a/**/b`, `a/***` -> `a/**`
      // git also takes a run beside a literal prefix (`a***/b`) or beside an
      //   escaped slash (`***\/b`) as a globstar, and this does not; the README
      //   lists both, under "A run of asterisks".
      [
        /(^|\/)\*{3,}(?=\/|$)/g,
        (_, start) => `${start}**`,
        "*"
      ],
      // Escape metacharacters
      // which is written down by users but means special for regular expressions.
      // > There are 12 characters with special meanings:
      // > - the backslash \,
      // > - the caret ^,
      // > - the dollar sign $,
      // > - the period or dot .,
      // > - the vertical bar or pipe symbol |,
      // > - the question mark ?,
      // > - the asterisk or star *,
      // > - the plus sign +,
      // > - the opening parenthesis (,
      // > - the closing parenthesis ),
      // > - and the opening square bracket [,
      // > - the opening curly brace {,
      // > These special characters are often called "metacharacters".
      [
        /[\\$.|*+(){^]/g,
        (match) => `\\${match}`
      ],
      [
        // > a question mark (?) matches a single character
        /(?!\\)\?/g,
        () => "[^/]",
        "?"
      ],
      // leading slash
      [
        // > A leading slash matches the beginning of the pathname.
        // > For example, "/*.c" matches "cat-file.c" but not "mozilla-sha1/sha1.c".
        // A leading slash matches the beginning of the pathname
        /^\//,
        () => "^",
        SLASH
      ],
      // replace special metacharacter slash after the leading slash
      [
        /\//g,
        () => "\\/",
        SLASH
      ],
      [
        // > A leading "**" followed by a slash means match in all directories.
        // > For example, "**/foo" matches file or directory "foo" anywhere,
        // > the same as pattern "foo".
        // > "**/foo/bar" matches file or directory "bar" anywhere that is directly
        // >   under directory "foo".
        // Notice that the '*'s have been replaced as '\\*'
        /^\^*(?:\\\*\\\*\\\/)+/,
        // '**/foo' <-> 'foo'
        () => "(?:^|\\/)",
        "*"
      ],
      // starting
      [
        // there will be no leading '/'
        //   (which has been replaced by section "leading slash")
        // If starts with '**', adding a '^' to the regular expression also works
        DIRECT,
        (source, pattern) => {
          if (!source || source[0] === "^" || source[0] === "(") {
            return source;
          }
          const anchor = !REGEX_INNER_SLASH.test(pattern) ? "(?:^|\\/)" : "^";
          return anchor + source;
        }
      ],
      // two globstars
      [
        // Use lookahead assertions so that we could match more than one `'/**'`
        /\\\/\\\*\\\*(?=\\\/|$)/g,
        // Zero, one or several directories
        // should not use '*', or it will be replaced by the next replacer
        // Check if it is not the last `'/**'`
        (_, index, str) => index + 6 < str.length ? str.slice(index + 6) === "\\/" ? "(?:\\/[^\\/]+)+" : "(?:\\/[^\\/]+)*" : `\\/${TRAILING_DOUBLESTAR}`,
        "*"
      ],
      // normal intermediate wildcards
      [
        // Never replace escaped '*'
        // ignore rule '\*' will match the path '*'
        // 'abc.*/' -> go
        // 'abc.*'  -> skip this rule,
        //    coz trailing single wildcard will be handed by [trailing wildcard]
        /(^|[^\\])(?:\\\*)+(?!$)/g,
        // '*.js' matches '.js'
        // '*.js' doesn't match 'abc'
        // 1. An asterisk "*" matches anything except a slash.
        // 2. Other consecutive asterisks are considered regular asterisks
        //    and collapse into one non-slash wildcard run.
        (_, p1) => p1 + WILDCARD,
        "*"
      ],
      // trailing wildcard, held apart from a literal star
      [
        // The step above leaves a trailing `*` alone, so a single `\*` is all that
        //   can be left at the end here, and what stands in front of it says which
        //   kind it is. A wildcard arrives as the escaper wrote it, `\*` with
        //   nothing before it; a literal arrives as the user's own escape, which
        //   the escaper doubled, and then the star's own -- `\\` and then `\*`.
        //   There is no third case: every backslash still reaching the chain is
        //   one `\*`, `\[` or `\ ` carries itself, and each is followed by its
        //   own character, so a longer run can never form. This runs while the
        //   two are still distinct, before the unescape steps below collapse the
        //   literal onto the very `\*` a wildcard leaves behind.
        /(^|[^\\])((?:\\\\)*)\\\*$/,
        (match, p1, p2) => p2 === EMPTY ? p1 + TRAILING_WILDCARD : match,
        "*"
      ],
      [
        // unescape, revert step 3 except for back slash
        // For example, if a user escape a '\\*',
        // after step 3, the result will be '\\\\\\*'
        /\\\\\\(?=[$.|*+(){^])/g,
        () => ESCAPE,
        ESCAPE + ESCAPE
      ],
      [
        // '\\\\' -> '\\'
        /\\\\/g,
        () => ESCAPE,
        ESCAPE + ESCAPE
      ],
      [
        // Every real bracket expression -- POSIX classes included -- has already
        //   been held aside by `extractBrackets`, so the only `[` left in the
        //   pattern is an escaped, literal one.
        // A backslash could only stand at the end of the range if it quoted the
        //   `]`, and `\]` is held aside long before this.
        /\\\[([^\]/]*?)($|\])/g,
        // '\\[bar]' -> '\\\\[bar]'
        (match, range, close) => `\\[${range}${close}`,
        "["
      ],
      // ending
      [
        // 'js' will not match 'js.'
        // 'ab' will not match 'abc'
        DIRECT,
        // WTF!
        // https://git-scm.com/docs/gitignore
        // changes in [2.22.1](https://git-scm.com/docs/gitignore/2.22.1)
        // which re-fixes #24, #38
        // > If there is a separator at the end of the pattern then the pattern
        // > will only match directories, otherwise the pattern can match both
        // > files and directories.
        // 'js*' will not match 'a.js'
        // 'js/' will not match 'a.js'
        // 'js' will match 'a.js' and 'a.js/'
        (source) => {
          const last = source[source.length - 1];
          if (!last || last === TRAILING_WILDCARD || last === TRAILING_DOUBLESTAR) {
            return source;
          }
          return last === SLASH ? `${source}$` : `${source}(?=$|\\/$)`;
        }
      ]
    ];
    var REGEX_REPLACE_TRAILING_WILDCARD = /(^|\\\/)?\uE000$/;
    var MODE_IGNORE = "regex";
    var MODE_CHECK_IGNORE = "checkRegex";
    var UNDERSCORE = "_";
    var replaceTrailingWildcard = (_, p1) => {
      const prefix = p1 ? `${p1}[^/]+` : "[^/]*";
      return `${prefix}(?=$|\\/$)`;
    };
    var REGEX_REPLACE_TRAILING_DOUBLESTAR = /\uE001$/;
    var replaceTrailingDoublestar = () => "[\\s\\S]";
    var separatorAfter = (run, at) => {
      let separator = EMPTY;
      for (let index = at + 1; index < run.length && !run[index].wildcard; index++) {
        separator += run[index].single;
      }
      return separator;
    };
    var pinWildcards = (source) => {
      if (source.indexOf(WILDCARD) < 0) {
        return source;
      }
      const tokens = [];
      const { length } = source;
      let index = 0;
      while (index < length) {
        const char = source[index];
        if (source.startsWith(WILDCARD, index)) {
          tokens.push({ wildcard: true });
          index += WILDCARD.length;
        } else if (char === "[") {
          let end = index + 1;
          if (source[end] === "^") {
            end++;
          }
          if (source[end] === "]") {
            end++;
          }
          while (end < length && source[end] !== "]") {
            end += source[end] === ESCAPE ? 2 : 1;
          }
          end++;
          tokens.push({ single: source.slice(index, end) });
          index = end;
        } else if (char === ESCAPE) {
          tokens.push({ single: source.slice(index, index + 2) });
          index += 2;
        } else if (char === "(") {
          let depth = 0;
          let end = index;
          do {
            if (source[end] === ESCAPE) {
              end++;
            } else if (source[end] === "(") {
              depth++;
            } else if (source[end] === ")") {
              depth--;
            }
            end++;
          } while (end < length && depth > 0);
          if ("*+?".indexOf(source[end]) >= 0) {
            end++;
          }
          tokens.push({ boundary: source.slice(index, end) });
          index = end;
        } else if (char === "^" || char === "$") {
          tokens.push({ boundary: char });
          index++;
        } else {
          tokens.push({ single: char });
          index++;
        }
      }
      let out = EMPTY;
      let run = [];
      const flush = () => {
        let lastWildcard;
        run.forEach((token, at) => {
          if (token.wildcard) {
            lastWildcard = at;
          }
        });
        run.forEach((token, at) => {
          if (!token.wildcard) {
            out += token.single;
            return;
          }
          out += at === lastWildcard ? WILDCARD : `(?:(?!${separatorAfter(run, at)})[^\\/])*`;
        });
        run = [];
      };
      tokens.forEach((token) => {
        if (token.boundary === void 0) {
          run.push(token);
          return;
        }
        flush();
        out += token.boundary;
      });
      flush();
      return out;
    };
    var makeRegexPrefix = (pattern) => {
      if (REGEX_ANCHORED_GLOBSTAR.test(pattern)) {
        pattern = "**";
      }
      const { source, sources } = extractBrackets(pattern);
      const replaced = REPLACERS.reduce(
        // A pass whose matcher finds nothing hands back the very string it was
        //   given, so asking first costs a search and saves a rewrite. Ten of the
        //   fifteen passes never fire for a typical .gitignore line, and between
        //   them they were 45% of this chain.
        (prev, [matcher, replacer, required]) => {
          if (matcher === DIRECT) {
            return replacer(prev, pattern);
          }
          if (required !== UNDEFINED && prev.indexOf(required) < 0) {
            return prev;
          }
          return matcher.test(prev) ? prev.replace(matcher, replacer.bind(pattern)) : prev;
        },
        source
      );
      return sources.length ? replaced.replace(
        REGEX_RESTORE_PLACEHOLDER,
        (match, index) => sources[index]
      ) : replaced;
    };
    var checkSourceOf = (body, prefix) => {
      if (body[body.length - 1] === SLASH) {
        prefix = makeRegexPrefix(body.slice(0, -1));
      }
      const head = prefix.slice(0, -1);
      const last = prefix[prefix.length - 1];
      return last === TRAILING_WILDCARD ? `${head}$` : last === TRAILING_DOUBLESTAR ? head : NEVER_MATCH;
    };
    var matchesBasename = (body) => {
      const index = body.indexOf(SLASH);
      return index < 0 || index === body.length - 1;
    };
    var basenameOf = (path15) => {
      const end = path15.length - 1;
      const index = path15.lastIndexOf(
        SLASH,
        path15[end] === SLASH ? end - 1 : end
      );
      return index < 0 ? path15 : path15.slice(index + 1);
    };
    var parentOf = (path15) => {
      if (path15.charCodeAt(0) === SLASH_CODE || path15.indexOf(DOUBLE_SLASH) >= 0) {
        const slices = path15.split(SLASH).filter(Boolean);
        slices.pop();
        return slices.length ? slices.join(SLASH) + SLASH : EMPTY;
      }
      const end = path15.length - 1;
      const cut = path15.lastIndexOf(
        SLASH,
        path15.charCodeAt(end) === SLASH_CODE ? end - 1 : end
      );
      return cut < 0 ? EMPTY : path15.slice(0, cut + 1);
    };
    var isString = (subject) => typeof subject === "string";
    var checkPattern = (pattern) => pattern && isString(pattern);
    var splitPattern = (pattern) => (pattern[pattern.length - 1] === "\r" ? pattern.slice(0, -1) : pattern).split(REGEX_SPLITALL_CRLF).filter(Boolean);
    var IgnoreRule = class {
      constructor(pattern, mark, body, ignoreCase, negative, prefix) {
        this.pattern = pattern;
        this.mark = mark;
        this.negative = negative;
        define(this, "body", body);
        define(this, "ignoreCase", ignoreCase);
        define(this, "regexPrefix", prefix);
      }
      // Worked out on first use and kept behind an own property, the way `regex`
      //   caches itself in `_regex`. Deciding it in the constructor instead would
      //   add a fourth `defineProperty` to every rule ever built, which cost 4% of
      //   every compile -- including the compiles of rules that are never matched
      //   against anything.
      get _basenameOnly() {
        return define(this, "_basenameOnly", matchesBasename(this.body));
      }
      get regex() {
        const key = UNDERSCORE + MODE_IGNORE;
        if (this[key]) {
          return this[key];
        }
        return this._make(MODE_IGNORE, key);
      }
      get checkRegex() {
        const key = UNDERSCORE + MODE_CHECK_IGNORE;
        if (this[key]) {
          return this[key];
        }
        return this._make(MODE_CHECK_IGNORE, key);
      }
      _make(mode, key) {
        const str = pinWildcards(
          mode === MODE_IGNORE ? this.regexPrefix.replace(REGEX_REPLACE_TRAILING_WILDCARD, replaceTrailingWildcard).replace(REGEX_REPLACE_TRAILING_DOUBLESTAR, replaceTrailingDoublestar) : checkSourceOf(this.body, this.regexPrefix)
        );
        const regex = this.ignoreCase ? new RegExp(str, "i") : new RegExp(str);
        return define(this, key, regex);
      }
    };
    var hasTrailingBackslash = (str) => {
      let count2 = 0;
      while (str[str.length - count2 - 1] === ESCAPE) {
        count2++;
      }
      return count2 % 2 === 1;
    };
    var trimEnd = (body, stripLineEnd) => {
      let lineEnd2 = body.length;
      let end;
      for (; ; ) {
        if (stripLineEnd && body[lineEnd2 - 1] === "\r") {
          lineEnd2--;
        }
        end = lineEnd2;
        while (body[end - 1] === SPACE) {
          end--;
        }
        if (!stripLineEnd || body[end - 1] !== "\n") {
          break;
        }
        lineEnd2 = end - 1;
      }
      if (end === lineEnd2) {
        return body.slice(0, lineEnd2);
      }
      let backslashes = 0;
      while (body[end - backslashes - 1] === ESCAPE) {
        backslashes++;
      }
      return backslashes % 2 ? body.slice(0, end - 1) + SPACE : body.slice(0, end);
    };
    var createRule = (pattern, mark, ignoreCase, stripLineEnd, stripBOM) => {
      let body = stripBOM && pattern[0] === BOM ? pattern.slice(1) : pattern;
      if (body[0] === "#") {
        return;
      }
      let negative = false;
      if (body[0] === "!") {
        negative = true;
        body = body.slice(1);
      }
      const last = body[body.length - 1];
      if (last === SPACE || stripLineEnd && (last === "\r" || last === "\n")) {
        body = trimEnd(body, stripLineEnd);
      }
      if (!body || hasTrailingBackslash(body)) {
        return;
      }
      body = body.replace(REGEX_REPLACE_LEADING_EXCAPED_EXCLAMATION, "!").replace(REGEX_REPLACE_LEADING_EXCAPED_HASH, "#");
      const regexPrefix = makeRegexPrefix(body);
      return new IgnoreRule(
        pattern,
        mark,
        body,
        ignoreCase,
        negative,
        regexPrefix
      );
    };
    var RuleManager = class {
      constructor(ignoreCase) {
        this._ignoreCase = ignoreCase;
        this._rules = [];
        this._basenameCount = 0;
      }
      _add(pattern, index) {
        if (pattern && pattern[KEY_IGNORE]) {
          this._rules = this._rules.concat(pattern._rules._rules);
          this._basenameCount += pattern._rules._basenameCount;
          this._added = true;
          return;
        }
        const isStr = isString(pattern);
        const raw = isStr ? pattern : pattern.pattern;
        const rule = checkPattern(raw) && createRule(
          raw,
          isStr ? UNDEFINED : pattern.mark,
          this._ignoreCase,
          !this._split,
          this._stripBOM && !index
        );
        if (rule) {
          this._added = true;
          this._rules.push(rule);
          if (matchesBasename(rule.body)) {
            this._basenameCount++;
          }
        }
      }
      // @param {Array<string> | string | Ignore} pattern
      add(pattern) {
        this._added = false;
        this._split = isString(pattern);
        this._stripBOM = !this._split || pattern[0] === BOM;
        makeArray(
          this._split ? splitPattern(pattern) : pattern
        ).forEach(this._add, this);
        if (this._added) {
          this._literalRules = UNDEFINED;
        }
        return this._added;
      }
      // Match the literal 'abc/' for `checkIgnore`, last rule wins. Only a rule
      //   ending in a wildcard can match it (see `checkSourceOf`), so the rest
      //   are left out once, rather than tested or compiled for every path.
      testLiteral(path15) {
        const rules = this._literalRules || (this._literalRules = this._rules.filter(
          ({ body }) => body[body.length - (body[body.length - 1] === SLASH ? 2 : 1)] === "*"
        ));
        let ignored = false;
        let unignored = false;
        let matchedRule;
        for (let index = rules.length - 1; index >= 0; index--) {
          const rule = rules[index];
          if (rule.checkRegex.test(path15)) {
            ignored = !rule.negative;
            unignored = rule.negative;
            matchedRule = rule.negative ? UNDEFINED : rule;
            break;
          }
        }
        const ret = {
          ignored,
          unignored
        };
        if (matchedRule) {
          ret.rule = matchedRule;
        }
        return ret;
      }
      // Test one single path without recursively checking parent directories
      //
      // - mode `string` either `MODE_IGNORE` or `MODE_CHECK_IGNORE`
      // @returns {TestResult}
      test(path15, mode) {
        const rules = this._rules;
        const { length } = rules;
        const shortcut = this._basenameCount * 2 >= length;
        const basename = shortcut ? basenameOf(path15) : path15;
        for (let index = length - 1; index >= 0; index--) {
          const rule = rules[index];
          if (rule[mode].test(
            shortcut && rule._basenameOnly ? basename : path15
          )) {
            const { negative } = rule;
            const ret = {
              ignored: !negative,
              unignored: negative
            };
            if (!negative) {
              ret.rule = rule;
            }
            return ret;
          }
        }
        return {
          ignored: false,
          unignored: false
        };
      }
    };
    var throwError = (message, Ctor) => {
      throw new Ctor(message);
    };
    var checkPath2 = (path15, originalPath, doThrow) => {
      if (!isString(path15)) {
        return doThrow(
          `path must be a string, but got \`${originalPath}\``,
          TypeError
        );
      }
      if (!path15) {
        return doThrow(`path must not be empty`, TypeError);
      }
      if (checkPath2.isNotRelative(path15)) {
        const r = "`path.relative()`d";
        return doThrow(
          `path should be a ${r} string, but got "${originalPath}"`,
          RangeError
        );
      }
      return true;
    };
    var isNotRelative = (path15) => {
      const first = path15.charCodeAt(0);
      if (first === SLASH_CODE) {
        return true;
      }
      if (first !== DOT_CODE) {
        return false;
      }
      if (path15.length === 1) {
        return true;
      }
      const second = path15.charCodeAt(1);
      if (second === SLASH_CODE) {
        return true;
      }
      if (second !== DOT_CODE) {
        return false;
      }
      return path15.length === 2 || path15.charCodeAt(2) === SLASH_CODE;
    };
    checkPath2.isNotRelative = isNotRelative;
    checkPath2.convert = (p) => p;
    var convertPath = (target) => isString(target) && checkPath2.convert(target);
    var Ignore = class {
      constructor({
        ignorecase = true,
        ignoreCase = ignorecase,
        allowRelativePaths = false
      } = {}) {
        define(this, KEY_IGNORE, true);
        this._rules = new RuleManager(ignoreCase);
        this._strictPathCheck = !allowRelativePaths;
        this._initCache();
      }
      _initCache() {
        this._ignoreCache = /* @__PURE__ */ Object.create(null);
        this._testCache = /* @__PURE__ */ Object.create(null);
      }
      add(pattern) {
        if (this._rules.add(pattern)) {
          this._initCache();
        }
        return this;
      }
      // legacy
      addPattern(pattern) {
        return this.add(pattern);
      }
      // @returns {TestResult}
      _test(originalPath, cache, path15) {
        checkPath2(
          path15,
          originalPath,
          this._strictPathCheck ? throwError : RETURN_FALSE
        );
        return path15 ? this._t(path15, cache) : {
          ignored: false,
          unignored: false
        };
      }
      checkIgnore(target) {
        const path15 = convertPath(target);
        if (!path15 || path15.charCodeAt(path15.length - 1) !== SLASH_CODE) {
          return this._test(target, this._testCache, path15);
        }
        const dir = this._t(path15, this._testCache);
        if (dir.ignored) {
          return dir;
        }
        const literal = this._rules.testLiteral(path15);
        return literal.ignored || literal.unignored ? literal : dir;
      }
      _t(path15, cache) {
        const cached2 = cache[path15];
        if (cached2) {
          return cached2;
        }
        const parentPath = parentOf(path15);
        const parent = parentPath ? this._t(parentPath, cache) : UNDEFINED;
        return cache[path15] = parent && parent.ignored ? parent : this._rules.test(path15, MODE_IGNORE);
      }
      ignores(path15) {
        return this._test(path15, this._ignoreCache, convertPath(path15)).ignored;
      }
      createFilter() {
        return (path15) => !this.ignores(path15);
      }
      filter(paths) {
        return makeArray(paths).filter(this.createFilter());
      }
      // @returns {TestResult}
      test(path15) {
        return this._test(path15, this._testCache, convertPath(path15));
      }
    };
    var factory = (options) => new Ignore(options);
    var isPathValid = (path15) => checkPath2(convertPath(path15), path15, RETURN_FALSE);
    var setupWindows = () => {
      const makePosix = (str) => /^\\\\\?\\/.test(str) || /["<>|\u0000-\u001F]+/u.test(str) ? str : str.replace(/\\/g, "/");
      checkPath2.convert = makePosix;
      const REGEX_TEST_WINDOWS_PATH_ABSOLUTE = /^[a-z]:\//i;
      checkPath2.isNotRelative = (path15) => REGEX_TEST_WINDOWS_PATH_ABSOLUTE.test(path15) || isNotRelative(path15);
    };
    if (
      // Detect `process` so that it can run in browsers.
      typeof process !== "undefined" && process.platform === "win32"
    ) {
      setupWindows();
    }
    module.exports = factory;
    factory.default = factory;
    module.exports.isPathValid = isPathValid;
    define(module.exports, /* @__PURE__ */ Symbol.for("setupWindows"), setupWindows);
  }
});

// src/engine/types.ts
var SEVERITIES;
var init_types = __esm({
  "src/engine/types.ts"() {
    "use strict";
    SEVERITIES = ["error", "warning", "note"];
  }
});

// src/engine/results.ts
function severityRank(severity) {
  return SEVERITIES.indexOf(severity);
}
function isAtLeast(severity, level) {
  return severityRank(severity) <= severityRank(level);
}
function sortFindings(findings) {
  return [...findings].sort(
    (a, b) => compareText(a.path, b.path) || a.line - b.line || a.column - b.column || compareText(a.ruleId, b.ruleId) || compareText(a.fingerprint, b.fingerprint)
  );
}
function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function countBySeverity(findings) {
  const counts = { error: 0, warning: 0, note: 0 };
  for (const finding2 of findings) {
    counts[finding2.severity] += 1;
  }
  return counts;
}
var init_results = __esm({
  "src/engine/results.ts"() {
    "use strict";
    init_types();
  }
});

// src/reporters/text.ts
function describeSkipped(skipped) {
  const reasons = Object.entries(skipped).filter(
    ([, count2]) => count2 > 0
  );
  if (reasons.length === 0) {
    return "";
  }
  const total = reasons.reduce((sum, [, count2]) => sum + count2, 0);
  const detail2 = reasons.map(([reason, count2]) => `${count2} ${reason.replace("-", " ")}`).join(", ");
  return `${total} skipped (${detail2})`;
}
var init_text = __esm({
  "src/reporters/text.ts"() {
    "use strict";
    init_results();
    init_types();
  }
});

// node_modules/picocolors/picocolors.js
var require_picocolors = __commonJS({
  "node_modules/picocolors/picocolors.js"(exports, module) {
    var p = process || {};
    var argv = p.argv || [];
    var env = p.env || {};
    var isColorSupported = !(!!env.NO_COLOR || argv.includes("--no-color")) && (!!env.FORCE_COLOR || argv.includes("--color") || p.platform === "win32" || (p.stdout || {}).isTTY && env.TERM !== "dumb" || !!env.CI);
    var formatter = (open, close, replace = open) => (input) => {
      let string = "" + input, index = string.indexOf(close, open.length);
      return ~index ? open + replaceClose(string, close, replace, index) + close : open + string + close;
    };
    var replaceClose = (string, close, replace, index) => {
      let result = "", cursor = 0;
      do {
        result += string.substring(cursor, index) + replace;
        cursor = index + close.length;
        index = string.indexOf(close, cursor);
      } while (~index);
      return result + string.substring(cursor);
    };
    var createColors = (enabled = isColorSupported) => {
      let f = enabled ? formatter : () => String;
      return {
        isColorSupported: enabled,
        reset: f("\x1B[0m", "\x1B[0m"),
        bold: f("\x1B[1m", "\x1B[22m", "\x1B[22m\x1B[1m"),
        dim: f("\x1B[2m", "\x1B[22m", "\x1B[22m\x1B[2m"),
        italic: f("\x1B[3m", "\x1B[23m"),
        underline: f("\x1B[4m", "\x1B[24m"),
        inverse: f("\x1B[7m", "\x1B[27m"),
        hidden: f("\x1B[8m", "\x1B[28m"),
        strikethrough: f("\x1B[9m", "\x1B[29m"),
        black: f("\x1B[30m", "\x1B[39m"),
        red: f("\x1B[31m", "\x1B[39m"),
        green: f("\x1B[32m", "\x1B[39m"),
        yellow: f("\x1B[33m", "\x1B[39m"),
        blue: f("\x1B[34m", "\x1B[39m"),
        magenta: f("\x1B[35m", "\x1B[39m"),
        cyan: f("\x1B[36m", "\x1B[39m"),
        white: f("\x1B[37m", "\x1B[39m"),
        gray: f("\x1B[90m", "\x1B[39m"),
        bgBlack: f("\x1B[40m", "\x1B[49m"),
        bgRed: f("\x1B[41m", "\x1B[49m"),
        bgGreen: f("\x1B[42m", "\x1B[49m"),
        bgYellow: f("\x1B[43m", "\x1B[49m"),
        bgBlue: f("\x1B[44m", "\x1B[49m"),
        bgMagenta: f("\x1B[45m", "\x1B[49m"),
        bgCyan: f("\x1B[46m", "\x1B[49m"),
        bgWhite: f("\x1B[47m", "\x1B[49m"),
        blackBright: f("\x1B[90m", "\x1B[39m"),
        redBright: f("\x1B[91m", "\x1B[39m"),
        greenBright: f("\x1B[92m", "\x1B[39m"),
        yellowBright: f("\x1B[93m", "\x1B[39m"),
        blueBright: f("\x1B[94m", "\x1B[39m"),
        magentaBright: f("\x1B[95m", "\x1B[39m"),
        cyanBright: f("\x1B[96m", "\x1B[39m"),
        whiteBright: f("\x1B[97m", "\x1B[39m"),
        bgBlackBright: f("\x1B[100m", "\x1B[49m"),
        bgRedBright: f("\x1B[101m", "\x1B[49m"),
        bgGreenBright: f("\x1B[102m", "\x1B[49m"),
        bgYellowBright: f("\x1B[103m", "\x1B[49m"),
        bgBlueBright: f("\x1B[104m", "\x1B[49m"),
        bgMagentaBright: f("\x1B[105m", "\x1B[49m"),
        bgCyanBright: f("\x1B[106m", "\x1B[49m"),
        bgWhiteBright: f("\x1B[107m", "\x1B[49m")
      };
    };
    module.exports = createColors();
    module.exports.createColors = createColors;
  }
});

// src/reporters/github.ts
function toGithub(input, options) {
  const active = activeBySeverity(input.findings);
  const suppressed = input.findings.length - active.length;
  const headline = headlineOf(active, suppressed);
  if (active.length === 0) {
    return `${headline}
`;
  }
  const lines = active.map((finding2) => annotationOf(finding2, input.secretsShown === true));
  lines.push(`::group::${escapeData(headline)}`);
  lines.push(`::stop-commands::${options.stopToken}`);
  for (const finding2 of active) {
    lines.push(listLineOf(finding2, input.secretsShown === true));
  }
  lines.push(`::${options.stopToken}::`, "::endgroup::");
  return `${lines.join("\n")}
`;
}
function activeBySeverity(findings) {
  return findings.filter((finding2) => finding2.suppression === void 0).sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
}
function headlineOf(active, suppressed) {
  const counts = countBySeverity(active);
  const bySeverity = [
    countOf(counts.error, "error"),
    countOf(counts.warning, "warning"),
    countOf(counts.note, "note")
  ].join(", ");
  const head = active.length === 0 ? "keyfence: no findings" : `keyfence: ${countOf(active.length, "finding")} (${bySeverity})`;
  return suppressed === 0 ? head : `${head}, ${suppressed} suppressed`;
}
function countOf(count2, word) {
  return `${count2} ${count2 === 1 ? word : `${word}s`}`;
}
function annotationOf(finding2, secretsShown) {
  const properties = [
    ["file", finding2.path],
    ["line", String(finding2.line)],
    ["col", String(finding2.column)],
    ["endLine", String(finding2.endLine)],
    ["endColumn", String(finding2.endColumn)],
    ["title", `keyfence ${finding2.ruleId}`]
  ].map(([name, value]) => `${name}=${escapeProperty(value ?? "")}`).join(",");
  const message = escapeData(detailOf(finding2, secretsShown));
  return `::${ANNOTATION_COMMAND[finding2.severity]} ${properties}::${message}`;
}
function detailOf(finding2, secretsShown) {
  const preview = secretsShown ? "" : ` Value: ${finding2.preview}`;
  const commit = finding2.commit ? ` Commit: ${finding2.commit.sha.slice(0, 12)}.` : "";
  return `${finding2.message}${preview}${commit}`;
}
function listLineOf(finding2, secretsShown) {
  const position = `${finding2.path}:${finding2.line}:${finding2.column}`;
  const preview = secretsShown ? "" : `  ${finding2.preview}`;
  const line = `${position}  ${finding2.severity}  ${finding2.ruleId}  ${finding2.message}${preview}`;
  return line.replace(CONTROL_RE2, "\uFFFD");
}
function escapeData(text2) {
  return text2.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}
function escapeProperty(text2) {
  return escapeData(text2).replaceAll(":", "%3A").replaceAll(",", "%2C");
}
var ANNOTATION_COMMAND, CONTROL_RE2;
var init_github = __esm({
  "src/reporters/github.ts"() {
    "use strict";
    init_results();
    ANNOTATION_COMMAND = {
      error: "error",
      warning: "warning",
      note: "notice"
    };
    CONTROL_RE2 = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
  }
});

// src/reporters/links.ts
function ruleDocUri(ruleId) {
  return `${RULE_DOCS_URI}/${encodeURIComponent(ruleId)}.md`;
}
function encodePath(path15) {
  return path15.split("/").map(encodeURIComponent).join("/");
}
var INFORMATION_URI, RULE_DOCS_URI;
var init_links = __esm({
  "src/reporters/links.ts"() {
    "use strict";
    INFORMATION_URI = "https://github.com/keyfence/keyfence";
    RULE_DOCS_URI = `${INFORMATION_URI}/blob/main/rules`;
  }
});

// src/reporters/sarif.ts
import { pathToFileURL } from "node:url";
function toSarif(input, options = {}) {
  const ruleIndex = new Map(input.rules.map((rule, index) => [rule.id, index]));
  const lineHashes = lineHashesOf(input.findings);
  const run = {
    tool: {
      driver: {
        name: "keyfence",
        version: input.version,
        semanticVersion: input.version,
        informationUri: INFORMATION_URI,
        rules: input.rules.map(toSarifRule)
      }
    },
    automationDetails: { id: categoryOf(options.category, input.mode) },
    originalUriBaseIds: { [SRCROOT]: { uri: rootUri(input.root) } },
    columnKind: "utf16CodeUnits",
    results: input.findings.map(
      (finding2, index) => toSarifResult(finding2, ruleIndex.get(finding2.ruleId), lineHashes[index] ?? "")
    )
  };
  const log = { $schema: SARIF_SCHEMA, version: "2.1.0", runs: [run] };
  return `${JSON.stringify(log, null, 2)}
`;
}
function categoryOf(category, mode) {
  const id = category === void 0 || category === "" ? `keyfence/${mode}` : category;
  return id.endsWith("/") ? id : `${id}/`;
}
function rootUri(root) {
  const href = pathToFileURL(root).href;
  return href.endsWith("/") ? href : `${href}/`;
}
function toSarifRule(rule) {
  const docUri = ruleDocUri(rule.id);
  return {
    id: rule.id,
    name: ruleNameOf(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: fullDescriptionOf(rule) },
    helpUri: docUri,
    help: {
      text: `${plainTextOf(rule.help)}

Documentation: ${docUri}`,
      markdown: `${rule.help}

[Rule documentation](${docUri})`
    },
    defaultConfiguration: { level: rule.severity },
    properties: {
      tags: [.../* @__PURE__ */ new Set(["security", ...rule.tags])],
      "security-severity": SECURITY_SEVERITY[rule.severity],
      kind: rule.kind,
      ...rule.provider === void 0 ? {} : { provider: rule.provider },
      stability: rule.stability,
      since: rule.since
    }
  };
}
function ruleNameOf(id) {
  return id.split("-").map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
}
function fullDescriptionOf(rule) {
  const opening = rule.help.split("\n")[0]?.trim() ?? "";
  const isStep = STEP_RE.test(opening);
  return opening === "" || isStep ? `${rule.description}.` : `${rule.description}. ${opening}`;
}
function plainTextOf(markdown) {
  return markdown.replaceAll("`", "");
}
function toSarifResult(finding2, ruleIndex, lineHash) {
  return {
    ruleId: finding2.ruleId,
    ...ruleIndex === void 0 ? {} : { ruleIndex },
    level: finding2.severity,
    message: { text: finding2.message },
    locations: [{ physicalLocation: physicalLocationOf(finding2) }],
    partialFingerprints: { primaryLocationLineHash: lineHash },
    fingerprints: { "keyfence/v1": finding2.fingerprint },
    ...suppressionsOf(finding2),
    ...resultPropertiesOf(finding2)
  };
}
function physicalLocationOf(finding2) {
  const region = { startLine: finding2.line, startColumn: finding2.column };
  const endsAfterStart = finding2.endLine > finding2.line || finding2.endLine === finding2.line && finding2.endColumn >= finding2.column;
  if (endsAfterStart) {
    region.endLine = finding2.endLine;
    region.endColumn = finding2.endColumn;
  }
  return {
    artifactLocation: { uri: encodePath(finding2.path), uriBaseId: SRCROOT },
    region
  };
}
function lineHashesOf(findings) {
  const seen = /* @__PURE__ */ new Map();
  return findings.map((finding2) => {
    const key = `${finding2.path}\0${finding2.fingerprint}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return `${finding2.fingerprint.slice(0, LINE_HASH_LENGTH)}:${occurrence}`;
  });
}
function suppressionsOf(finding2) {
  const suppression = finding2.suppression;
  if (suppression === void 0) {
    return {};
  }
  const entry = {
    kind: suppression.kind,
    status: "accepted",
    ...suppression.justification === void 0 ? {} : { justification: suppression.justification },
    properties: { source: suppression.source }
  };
  return { suppressions: [entry] };
}
function resultPropertiesOf(finding2) {
  const commit = finding2.commit;
  const history = commit === void 0 ? {} : { commit: commit.sha, author: commit.author, date: commit.date };
  const properties = { ...finding2.properties, ...history };
  return Object.keys(properties).length === 0 ? {} : { properties };
}
var SARIF_SCHEMA, SRCROOT, SECURITY_SEVERITY, LINE_HASH_LENGTH, STEP_RE;
var init_sarif = __esm({
  "src/reporters/sarif.ts"() {
    "use strict";
    init_links();
    SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    SRCROOT = "%SRCROOT%";
    SECURITY_SEVERITY = {
      error: "9.5",
      warning: "6.0",
      note: "3.0"
    };
    LINE_HASH_LENGTH = 16;
    STEP_RE = /^(?:\d+\.|[-*])\s/;
  }
});

// src/reporters/summary.ts
function toJobSummary(input, options = {}) {
  const active = activeBySeverity(input.findings);
  const suppressed = input.findings.length - active.length;
  const sections = [`## ${escapeCell(headlineOf(active, suppressed))}`, scanLineOf(input)];
  if (active.length > 0) {
    sections.push(severityTable(active), ruleTable(active), findingTable(active, input, options));
  }
  if (suppressed > 0) {
    sections.push(suppressedSection(input.findings, options));
  }
  return `${sections.join("\n\n")}
`;
}
function suppressedSection(findings, options) {
  const suppressed = findings.filter((finding2) => finding2.suppression !== void 0);
  const rows = suppressed.slice(0, MAX_SUPPRESSED_ROWS).map((finding2) => {
    const location = locationCellOf(finding2, options);
    const how = finding2.suppression?.source ?? "";
    const why = escapeCell(finding2.suppression?.justification ?? "");
    const rule = `[${escapeCell(finding2.ruleId)}](${ruleDocUri(finding2.ruleId)})`;
    return `| ${rule} | ${location} | ${how} | ${why} |`;
  });
  const more = suppressed.length - rows.length;
  return [
    `<details><summary>${countOf(suppressed.length, "suppressed finding")}</summary>`,
    "",
    "| rule | location | suppressed by | justification |",
    "| --- | --- | --- | --- |",
    ...rows,
    ...more > 0 ? ["", `${countOf(more, "more suppressed finding")} in the SARIF or JSON report.`] : [],
    "",
    "</details>"
  ].join("\n");
}
function scanLineOf(input) {
  const scanned = `${countOf(input.stats.filesScanned, "file")} scanned`;
  const skipped = describeSkipped(input.stats.skipped);
  return [scanned, ...skipped === "" ? [] : [skipped], `mode ${input.mode}`].join(" \xB7 ");
}
function severityTable(findings) {
  const counts = countBySeverity(findings);
  const rows = SEVERITIES.map((severity) => `| ${severity} | ${counts[severity]} |`);
  return ["| severity | findings |", "| --- | ---: |", ...rows].join("\n");
}
function ruleTable(findings) {
  const byRule = /* @__PURE__ */ new Map();
  for (const finding2 of findings) {
    const counts = byRule.get(finding2.ruleId) ?? { error: 0, warning: 0, note: 0 };
    counts[finding2.severity] += 1;
    byRule.set(finding2.ruleId, counts);
  }
  const ids = [...byRule.keys()].sort();
  const rows = ids.map((id) => {
    const counts = byRule.get(id) ?? { error: 0, warning: 0, note: 0 };
    const cells = [
      `[${escapeCell(id)}](${ruleDocUri(id)})`,
      ...SEVERITIES.map((severity) => counts[severity])
    ];
    return `| ${cells.join(" | ")} |`;
  });
  return ["| rule | error | warning | note |", "| --- | ---: | ---: | ---: |", ...rows].join("\n");
}
function findingTable(findings, input, options) {
  const rules = new Map(input.rules.map((rule) => [rule.id, rule]));
  const lines = [
    "| severity | rule | location | value | how to fix |",
    "| --- | --- | --- | --- | --- |"
  ];
  let bytes = 0;
  let shown = 0;
  for (const finding2 of findings) {
    const row = findingRow(
      finding2,
      rules.get(finding2.ruleId),
      input.secretsShown === true,
      options
    );
    bytes += Buffer.byteLength(row) + 1;
    if (bytes > ROW_BUDGET_BYTES) {
      break;
    }
    lines.push(row);
    shown += 1;
  }
  if (shown < findings.length) {
    const left = findings.length - shown;
    lines.push("", `${countOf(left, "more finding")} did not fit; see the SARIF or JSON report.`);
  }
  return lines.join("\n");
}
function findingRow(finding2, rule, secretsShown, options) {
  const where = locationCellOf(finding2, options);
  const value = secretsShown ? "(hidden: --show-secrets)" : `<code>${escapeCell(finding2.preview)}</code>`;
  const cells = [
    finding2.severity,
    `[${escapeCell(finding2.ruleId)}](${ruleDocUri(finding2.ruleId)})`,
    where,
    value,
    howToFixOf(finding2.ruleId, rule)
  ];
  return `| ${cells.join(" | ")} |`;
}
function locationCellOf(finding2, options) {
  const location = `${escapeCell(finding2.path)}:${finding2.line}`;
  const url = fileUrlOf(finding2, options);
  return url === void 0 ? location : `[${location}](${url})`;
}
function fileUrlOf(finding2, options) {
  const sha = finding2.commit?.sha ?? options.sha;
  if (options.repositoryUrl === void 0 || sha === void 0) {
    return void 0;
  }
  const path15 = encodePath(finding2.path).replaceAll("(", "%28").replaceAll(")", "%29");
  return `${options.repositoryUrl}/blob/${sha}/${path15}#L${finding2.line}`;
}
function howToFixOf(ruleId, rule) {
  const steps = (rule?.help ?? "").split("\n").map((line) => line.trim());
  const first = steps.find((line) => STEP_RE2.test(line)) ?? steps[0] ?? "";
  const text2 = first.replace(STEP_RE2, "");
  const link = `[how to fix](${ruleDocUri(ruleId)}#how-to-fix)`;
  const cell = text2.replaceAll("|", "\\|");
  return cell === "" ? link : `${cell} ${link}`;
}
function escapeCell(text2) {
  return text2.replace(CONTROL_RE3, " ").replace(MARKDOWN_SPECIAL_RE, (char) => HTML_ENTITIES[char] ?? `\\${char}`);
}
var ROW_BUDGET_BYTES, MAX_SUPPRESSED_ROWS, STEP_RE2, MARKDOWN_SPECIAL_RE, CONTROL_RE3, HTML_ENTITIES;
var init_summary = __esm({
  "src/reporters/summary.ts"() {
    "use strict";
    init_results();
    init_types();
    init_github();
    init_links();
    init_text();
    ROW_BUDGET_BYTES = 768 * 1024;
    MAX_SUPPRESSED_ROWS = 200;
    STEP_RE2 = /^(?:\d+\.|[-*])\s+/;
    MARKDOWN_SPECIAL_RE = /[\\`*_[\]|~<>&@]/g;
    CONTROL_RE3 = /[\u0000-\u001f\u007f-\u009f]/g;
    HTML_ENTITIES = { "<": "&lt;", ">": "&gt;", "&": "&amp;" };
  }
});

// node_modules/resolve-from/index.js
var require_resolve_from = __commonJS({
  "node_modules/resolve-from/index.js"(exports, module) {
    "use strict";
    var path15 = __require("path");
    var Module = __require("module");
    var fs = __require("fs");
    var resolveFrom = (fromDir, moduleId, silent) => {
      if (typeof fromDir !== "string") {
        throw new TypeError(`Expected \`fromDir\` to be of type \`string\`, got \`${typeof fromDir}\``);
      }
      if (typeof moduleId !== "string") {
        throw new TypeError(`Expected \`moduleId\` to be of type \`string\`, got \`${typeof moduleId}\``);
      }
      try {
        fromDir = fs.realpathSync(fromDir);
      } catch (err) {
        if (err.code === "ENOENT") {
          fromDir = path15.resolve(fromDir);
        } else if (silent) {
          return null;
        } else {
          throw err;
        }
      }
      const fromFile = path15.join(fromDir, "noop.js");
      const resolveFileName = () => Module._resolveFilename(moduleId, {
        id: fromFile,
        filename: fromFile,
        paths: Module._nodeModulePaths(fromDir)
      });
      if (silent) {
        try {
          return resolveFileName();
        } catch (err) {
          return null;
        }
      }
      return resolveFileName();
    };
    module.exports = (fromDir, moduleId) => resolveFrom(fromDir, moduleId);
    module.exports.silent = (fromDir, moduleId) => resolveFrom(fromDir, moduleId, true);
  }
});

// node_modules/callsites/index.js
var require_callsites = __commonJS({
  "node_modules/callsites/index.js"(exports, module) {
    "use strict";
    var callsites = () => {
      const _prepareStackTrace = Error.prepareStackTrace;
      Error.prepareStackTrace = (_, stack2) => stack2;
      const stack = new Error().stack.slice(1);
      Error.prepareStackTrace = _prepareStackTrace;
      return stack;
    };
    module.exports = callsites;
    module.exports.default = callsites;
  }
});

// node_modules/parent-module/index.js
var require_parent_module = __commonJS({
  "node_modules/parent-module/index.js"(exports, module) {
    "use strict";
    var callsites = require_callsites();
    module.exports = (filepath) => {
      const stacks = callsites();
      if (!filepath) {
        return stacks[2].getFileName();
      }
      let seenVal = false;
      stacks.shift();
      for (const stack of stacks) {
        const parentFilepath = stack.getFileName();
        if (typeof parentFilepath !== "string") {
          continue;
        }
        if (parentFilepath === filepath) {
          seenVal = true;
          continue;
        }
        if (parentFilepath === "module.js") {
          continue;
        }
        if (seenVal && parentFilepath !== filepath) {
          return parentFilepath;
        }
      }
    };
  }
});

// node_modules/import-fresh/index.js
var require_import_fresh = __commonJS({
  "node_modules/import-fresh/index.js"(exports, module) {
    "use strict";
    var path15 = __require("path");
    var resolveFrom = require_resolve_from();
    var parentModule = require_parent_module();
    module.exports = (moduleId) => {
      if (typeof moduleId !== "string") {
        throw new TypeError("Expected a string");
      }
      const parentPath = parentModule(__filename);
      const cwd = parentPath ? path15.dirname(parentPath) : __dirname;
      const filePath = resolveFrom(cwd, moduleId);
      const oldModule = __require.cache[filePath];
      if (oldModule && oldModule.parent) {
        let i = oldModule.parent.children.length;
        while (i--) {
          if (oldModule.parent.children[i].id === filePath) {
            oldModule.parent.children.splice(i, 1);
          }
        }
      }
      delete __require.cache[filePath];
      const parent = __require.cache[parentPath];
      return parent === void 0 || parent.require === void 0 ? __require(filePath) : parent.require(filePath);
    };
  }
});

// node_modules/is-arrayish/index.js
var require_is_arrayish = __commonJS({
  "node_modules/is-arrayish/index.js"(exports, module) {
    "use strict";
    module.exports = function isArrayish(obj) {
      if (!obj) {
        return false;
      }
      return obj instanceof Array || Array.isArray(obj) || obj.length >= 0 && obj.splice instanceof Function;
    };
  }
});

// node_modules/error-ex/index.js
var require_error_ex = __commonJS({
  "node_modules/error-ex/index.js"(exports, module) {
    "use strict";
    var util = __require("util");
    var isArrayish = require_is_arrayish();
    var errorEx = function errorEx2(name, properties) {
      if (!name || name.constructor !== String) {
        properties = name || {};
        name = Error.name;
      }
      var errorExError = function ErrorEXError(message) {
        if (!this) {
          return new ErrorEXError(message);
        }
        message = message instanceof Error ? message.message : message || this.message;
        Error.call(this, message);
        Error.captureStackTrace(this, errorExError);
        this.name = name;
        Object.defineProperty(this, "message", {
          configurable: true,
          enumerable: false,
          get: function() {
            var newMessage = message.split(/\r?\n/g);
            for (var key in properties) {
              if (!properties.hasOwnProperty(key)) {
                continue;
              }
              var modifier = properties[key];
              if ("message" in modifier) {
                newMessage = modifier.message(this[key], newMessage) || newMessage;
                if (!isArrayish(newMessage)) {
                  newMessage = [newMessage];
                }
              }
            }
            return newMessage.join("\n");
          },
          set: function(v) {
            message = v;
          }
        });
        var overwrittenStack = null;
        var stackDescriptor = Object.getOwnPropertyDescriptor(this, "stack");
        var stackGetter = stackDescriptor.get;
        var stackValue = stackDescriptor.value;
        delete stackDescriptor.value;
        delete stackDescriptor.writable;
        stackDescriptor.set = function(newstack) {
          overwrittenStack = newstack;
        };
        stackDescriptor.get = function() {
          var stack = (overwrittenStack || (stackGetter ? stackGetter.call(this) : stackValue)).split(/\r?\n+/g);
          if (!overwrittenStack) {
            stack[0] = this.name + ": " + this.message;
          }
          var lineCount = 1;
          for (var key in properties) {
            if (!properties.hasOwnProperty(key)) {
              continue;
            }
            var modifier = properties[key];
            if ("line" in modifier) {
              var line = modifier.line(this[key]);
              if (line) {
                stack.splice(lineCount++, 0, "    " + line);
              }
            }
            if ("stack" in modifier) {
              modifier.stack(this[key], stack);
            }
          }
          return stack.join("\n");
        };
        Object.defineProperty(this, "stack", stackDescriptor);
      };
      if (Object.setPrototypeOf) {
        Object.setPrototypeOf(errorExError.prototype, Error.prototype);
        Object.setPrototypeOf(errorExError, Error);
      } else {
        util.inherits(errorExError, Error);
      }
      return errorExError;
    };
    errorEx.append = function(str, def) {
      return {
        message: function(v, message) {
          v = v || def;
          if (v) {
            message[0] += " " + str.replace("%s", v.toString());
          }
          return message;
        }
      };
    };
    errorEx.line = function(str, def) {
      return {
        line: function(v) {
          v = v || def;
          if (v) {
            return str.replace("%s", v.toString());
          }
          return null;
        }
      };
    };
    module.exports = errorEx;
  }
});

// node_modules/json-parse-even-better-errors/index.js
var require_json_parse_even_better_errors = __commonJS({
  "node_modules/json-parse-even-better-errors/index.js"(exports, module) {
    "use strict";
    var hexify = (char) => {
      const h = char.charCodeAt(0).toString(16).toUpperCase();
      return "0x" + (h.length % 2 ? "0" : "") + h;
    };
    var parseError = (e, txt, context) => {
      if (!txt) {
        return {
          message: e.message + " while parsing empty string",
          position: 0
        };
      }
      const badToken = e.message.match(/^Unexpected token (.) .*position\s+(\d+)/i);
      const errIdx = badToken ? +badToken[2] : e.message.match(/^Unexpected end of JSON.*/i) ? txt.length - 1 : null;
      const msg = badToken ? e.message.replace(/^Unexpected token ./, `Unexpected token ${JSON.stringify(badToken[1])} (${hexify(badToken[1])})`) : e.message;
      if (errIdx !== null && errIdx !== void 0) {
        const start = errIdx <= context ? 0 : errIdx - context;
        const end = errIdx + context >= txt.length ? txt.length : errIdx + context;
        const slice = (start === 0 ? "" : "...") + txt.slice(start, end) + (end === txt.length ? "" : "...");
        const near = txt === slice ? "" : "near ";
        return {
          message: msg + ` while parsing ${near}${JSON.stringify(slice)}`,
          position: errIdx
        };
      } else {
        return {
          message: msg + ` while parsing '${txt.slice(0, context * 2)}'`,
          position: 0
        };
      }
    };
    var JSONParseError = class extends SyntaxError {
      constructor(er, txt, context, caller) {
        context = context || 20;
        const metadata = parseError(er, txt, context);
        super(metadata.message);
        Object.assign(this, metadata);
        this.code = "EJSONPARSE";
        this.systemError = er;
        Error.captureStackTrace(this, caller || this.constructor);
      }
      get name() {
        return this.constructor.name;
      }
      set name(n) {
      }
      get [Symbol.toStringTag]() {
        return this.constructor.name;
      }
    };
    var kIndent = /* @__PURE__ */ Symbol.for("indent");
    var kNewline = /* @__PURE__ */ Symbol.for("newline");
    var formatRE = /^\s*[{\[]((?:\r?\n)+)([\s\t]*)/;
    var emptyRE = /^(?:\{\}|\[\])((?:\r?\n)+)?$/;
    var parseJson = (txt, reviver, context) => {
      const parseText = stripBOM(txt);
      context = context || 20;
      try {
        const [, newline = "\n", indent = "  "] = parseText.match(emptyRE) || parseText.match(formatRE) || [, "", ""];
        const result = JSON.parse(parseText, reviver);
        if (result && typeof result === "object") {
          result[kNewline] = newline;
          result[kIndent] = indent;
        }
        return result;
      } catch (e) {
        if (typeof txt !== "string" && !Buffer.isBuffer(txt)) {
          const isEmptyArray = Array.isArray(txt) && txt.length === 0;
          throw Object.assign(new TypeError(
            `Cannot parse ${isEmptyArray ? "an empty array" : String(txt)}`
          ), {
            code: "EJSONPARSE",
            systemError: e
          });
        }
        throw new JSONParseError(e, parseText, context, parseJson);
      }
    };
    var stripBOM = (txt) => String(txt).replace(/^\uFEFF/, "");
    module.exports = parseJson;
    parseJson.JSONParseError = JSONParseError;
    parseJson.noExceptions = (txt, reviver) => {
      try {
        return JSON.parse(stripBOM(txt), reviver);
      } catch (e) {
      }
    };
  }
});

// node_modules/lines-and-columns/build/index.js
var require_build = __commonJS({
  "node_modules/lines-and-columns/build/index.js"(exports) {
    "use strict";
    exports.__esModule = true;
    exports.LinesAndColumns = void 0;
    var LF = "\n";
    var CR = "\r";
    var LinesAndColumns = (
      /** @class */
      (function() {
        function LinesAndColumns2(string) {
          this.string = string;
          var offsets = [0];
          for (var offset = 0; offset < string.length; ) {
            switch (string[offset]) {
              case LF:
                offset += LF.length;
                offsets.push(offset);
                break;
              case CR:
                offset += CR.length;
                if (string[offset] === LF) {
                  offset += LF.length;
                }
                offsets.push(offset);
                break;
              default:
                offset++;
                break;
            }
          }
          this.offsets = offsets;
        }
        LinesAndColumns2.prototype.locationForIndex = function(index) {
          if (index < 0 || index > this.string.length) {
            return null;
          }
          var line = 0;
          var offsets = this.offsets;
          while (offsets[line + 1] <= index) {
            line++;
          }
          var column = index - offsets[line];
          return { line, column };
        };
        LinesAndColumns2.prototype.indexForLocation = function(location) {
          var line = location.line, column = location.column;
          if (line < 0 || line >= this.offsets.length) {
            return null;
          }
          if (column < 0 || column > this.lengthOfLine(line)) {
            return null;
          }
          return this.offsets[line] + column;
        };
        LinesAndColumns2.prototype.lengthOfLine = function(line) {
          var offset = this.offsets[line];
          var nextOffset = line === this.offsets.length - 1 ? this.string.length : this.offsets[line + 1];
          return nextOffset - offset;
        };
        return LinesAndColumns2;
      })()
    );
    exports.LinesAndColumns = LinesAndColumns;
    exports["default"] = LinesAndColumns;
  }
});

// node_modules/js-tokens/index.js
var require_js_tokens = __commonJS({
  "node_modules/js-tokens/index.js"(exports) {
    Object.defineProperty(exports, "__esModule", {
      value: true
    });
    exports.default = /((['"])(?:(?!\2|\\).|\\(?:\r\n|[\s\S]))*(\2)?|`(?:[^`\\$]|\\[\s\S]|\$(?!\{)|\$\{(?:[^{}]|\{[^}]*\}?)*\}?)*(`)?)|(\/\/.*)|(\/\*(?:[^*]|\*(?!\/))*(\*\/)?)|(\/(?!\*)(?:\[(?:(?![\]\\]).|\\.)*\]|(?![\/\]\\]).|\\.)+\/(?:(?!\s*(?:\b|[\u0080-\uFFFF$\\'"~({]|[+\-!](?!=)|\.?\d))|[gmiyus]{1,6}\b(?![\u0080-\uFFFF$\\]|\s*(?:[+\-*%&|^<>!=?({]|\/(?![\/*])))))|(0[xX][\da-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\d*\.\d+|\d+\.?)(?:[eE][+-]?\d+)?)|((?!\d)(?:(?!\s)[$\w\u0080-\uFFFF]|\\u[\da-fA-F]{4}|\\u\{[\da-fA-F]+\})+)|(--|\+\+|&&|\|\||=>|\.{3}|(?:[+\-\/%&|^]|\*{1,2}|<{1,2}|>{1,3}|!=?|={1,2})=?|[?~.,:;[\](){}])|(\s+)|(^$|[\s\S])/g;
    exports.matchToToken = function(match) {
      var token = { type: "invalid", value: match[0], closed: void 0 };
      if (match[1]) token.type = "string", token.closed = !!(match[3] || match[4]);
      else if (match[5]) token.type = "comment";
      else if (match[6]) token.type = "comment", token.closed = !!match[7];
      else if (match[8]) token.type = "regex";
      else if (match[9]) token.type = "number";
      else if (match[10]) token.type = "name";
      else if (match[11]) token.type = "punctuator";
      else if (match[12]) token.type = "whitespace";
      return token;
    };
  }
});

// node_modules/@babel/helper-validator-identifier/lib/identifier.js
var require_identifier = __commonJS({
  "node_modules/@babel/helper-validator-identifier/lib/identifier.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", {
      value: true
    });
    exports.isIdentifierChar = isIdentifierChar;
    exports.isIdentifierName = isIdentifierName;
    exports.isIdentifierStart = isIdentifierStart;
    var nonASCIIidentifierStartChars = "\xAA\xB5\xBA\xC0-\xD6\xD8-\xF6\xF8-\u02C1\u02C6-\u02D1\u02E0-\u02E4\u02EC\u02EE\u0370-\u0374\u0376\u0377\u037A-\u037D\u037F\u0386\u0388-\u038A\u038C\u038E-\u03A1\u03A3-\u03F5\u03F7-\u0481\u048A-\u052F\u0531-\u0556\u0559\u0560-\u0588\u05D0-\u05EA\u05EF-\u05F2\u0620-\u064A\u066E\u066F\u0671-\u06D3\u06D5\u06E5\u06E6\u06EE\u06EF\u06FA-\u06FC\u06FF\u0710\u0712-\u072F\u074D-\u07A5\u07B1\u07CA-\u07EA\u07F4\u07F5\u07FA\u0800-\u0815\u081A\u0824\u0828\u0840-\u0858\u0860-\u086A\u0870-\u0887\u0889-\u088F\u08A0-\u08C9\u0904-\u0939\u093D\u0950\u0958-\u0961\u0971-\u0980\u0985-\u098C\u098F\u0990\u0993-\u09A8\u09AA-\u09B0\u09B2\u09B6-\u09B9\u09BD\u09CE\u09DC\u09DD\u09DF-\u09E1\u09F0\u09F1\u09FC\u0A05-\u0A0A\u0A0F\u0A10\u0A13-\u0A28\u0A2A-\u0A30\u0A32\u0A33\u0A35\u0A36\u0A38\u0A39\u0A59-\u0A5C\u0A5E\u0A72-\u0A74\u0A85-\u0A8D\u0A8F-\u0A91\u0A93-\u0AA8\u0AAA-\u0AB0\u0AB2\u0AB3\u0AB5-\u0AB9\u0ABD\u0AD0\u0AE0\u0AE1\u0AF9\u0B05-\u0B0C\u0B0F\u0B10\u0B13-\u0B28\u0B2A-\u0B30\u0B32\u0B33\u0B35-\u0B39\u0B3D\u0B5C\u0B5D\u0B5F-\u0B61\u0B71\u0B83\u0B85-\u0B8A\u0B8E-\u0B90\u0B92-\u0B95\u0B99\u0B9A\u0B9C\u0B9E\u0B9F\u0BA3\u0BA4\u0BA8-\u0BAA\u0BAE-\u0BB9\u0BD0\u0C05-\u0C0C\u0C0E-\u0C10\u0C12-\u0C28\u0C2A-\u0C39\u0C3D\u0C58-\u0C5A\u0C5C\u0C5D\u0C60\u0C61\u0C80\u0C85-\u0C8C\u0C8E-\u0C90\u0C92-\u0CA8\u0CAA-\u0CB3\u0CB5-\u0CB9\u0CBD\u0CDC-\u0CDE\u0CE0\u0CE1\u0CF1\u0CF2\u0D04-\u0D0C\u0D0E-\u0D10\u0D12-\u0D3A\u0D3D\u0D4E\u0D54-\u0D56\u0D5F-\u0D61\u0D7A-\u0D7F\u0D85-\u0D96\u0D9A-\u0DB1\u0DB3-\u0DBB\u0DBD\u0DC0-\u0DC6\u0E01-\u0E30\u0E32\u0E33\u0E40-\u0E46\u0E81\u0E82\u0E84\u0E86-\u0E8A\u0E8C-\u0EA3\u0EA5\u0EA7-\u0EB0\u0EB2\u0EB3\u0EBD\u0EC0-\u0EC4\u0EC6\u0EDC-\u0EDF\u0F00\u0F40-\u0F47\u0F49-\u0F6C\u0F88-\u0F8C\u1000-\u102A\u103F\u1050-\u1055\u105A-\u105D\u1061\u1065\u1066\u106E-\u1070\u1075-\u1081\u108E\u10A0-\u10C5\u10C7\u10CD\u10D0-\u10FA\u10FC-\u1248\u124A-\u124D\u1250-\u1256\u1258\u125A-\u125D\u1260-\u1288\u128A-\u128D\u1290-\u12B0\u12B2-\u12B5\u12B8-\u12BE\u12C0\u12C2-\u12C5\u12C8-\u12D6\u12D8-\u1310\u1312-\u1315\u1318-\u135A\u1380-\u138F\u13A0-\u13F5\u13F8-\u13FD\u1401-\u166C\u166F-\u167F\u1681-\u169A\u16A0-\u16EA\u16EE-\u16F8\u1700-\u1711\u171F-\u1731\u1740-\u1751\u1760-\u176C\u176E-\u1770\u1780-\u17B3\u17D7\u17DC\u1820-\u1878\u1880-\u18A8\u18AA\u18B0-\u18F5\u1900-\u191E\u1950-\u196D\u1970-\u1974\u1980-\u19AB\u19B0-\u19C9\u1A00-\u1A16\u1A20-\u1A54\u1AA7\u1B05-\u1B33\u1B45-\u1B4C\u1B83-\u1BA0\u1BAE\u1BAF\u1BBA-\u1BE5\u1C00-\u1C23\u1C4D-\u1C4F\u1C5A-\u1C7D\u1C80-\u1C8A\u1C90-\u1CBA\u1CBD-\u1CBF\u1CE9-\u1CEC\u1CEE-\u1CF3\u1CF5\u1CF6\u1CFA\u1D00-\u1DBF\u1E00-\u1F15\u1F18-\u1F1D\u1F20-\u1F45\u1F48-\u1F4D\u1F50-\u1F57\u1F59\u1F5B\u1F5D\u1F5F-\u1F7D\u1F80-\u1FB4\u1FB6-\u1FBC\u1FBE\u1FC2-\u1FC4\u1FC6-\u1FCC\u1FD0-\u1FD3\u1FD6-\u1FDB\u1FE0-\u1FEC\u1FF2-\u1FF4\u1FF6-\u1FFC\u2071\u207F\u2090-\u209C\u2102\u2107\u210A-\u2113\u2115\u2118-\u211D\u2124\u2126\u2128\u212A-\u2139\u213C-\u213F\u2145-\u2149\u214E\u2160-\u2188\u2C00-\u2CE4\u2CEB-\u2CEE\u2CF2\u2CF3\u2D00-\u2D25\u2D27\u2D2D\u2D30-\u2D67\u2D6F\u2D80-\u2D96\u2DA0-\u2DA6\u2DA8-\u2DAE\u2DB0-\u2DB6\u2DB8-\u2DBE\u2DC0-\u2DC6\u2DC8-\u2DCE\u2DD0-\u2DD6\u2DD8-\u2DDE\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303C\u3041-\u3096\u309B-\u309F\u30A1-\u30FA\u30FC-\u30FF\u3105-\u312F\u3131-\u318E\u31A0-\u31BF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\uA48C\uA4D0-\uA4FD\uA500-\uA60C\uA610-\uA61F\uA62A\uA62B\uA640-\uA66E\uA67F-\uA69D\uA6A0-\uA6EF\uA717-\uA71F\uA722-\uA788\uA78B-\uA7DC\uA7F1-\uA801\uA803-\uA805\uA807-\uA80A\uA80C-\uA822\uA840-\uA873\uA882-\uA8B3\uA8F2-\uA8F7\uA8FB\uA8FD\uA8FE\uA90A-\uA925\uA930-\uA946\uA960-\uA97C\uA984-\uA9B2\uA9CF\uA9E0-\uA9E4\uA9E6-\uA9EF\uA9FA-\uA9FE\uAA00-\uAA28\uAA40-\uAA42\uAA44-\uAA4B\uAA60-\uAA76\uAA7A\uAA7E-\uAAAF\uAAB1\uAAB5\uAAB6\uAAB9-\uAABD\uAAC0\uAAC2\uAADB-\uAADD\uAAE0-\uAAEA\uAAF2-\uAAF4\uAB01-\uAB06\uAB09-\uAB0E\uAB11-\uAB16\uAB20-\uAB26\uAB28-\uAB2E\uAB30-\uAB5A\uAB5C-\uAB69\uAB70-\uABE2\uAC00-\uD7A3\uD7B0-\uD7C6\uD7CB-\uD7FB\uF900-\uFA6D\uFA70-\uFAD9\uFB00-\uFB06\uFB13-\uFB17\uFB1D\uFB1F-\uFB28\uFB2A-\uFB36\uFB38-\uFB3C\uFB3E\uFB40\uFB41\uFB43\uFB44\uFB46-\uFBB1\uFBD3-\uFD3D\uFD50-\uFD8F\uFD92-\uFDC7\uFDF0-\uFDFB\uFE70-\uFE74\uFE76-\uFEFC\uFF21-\uFF3A\uFF41-\uFF5A\uFF66-\uFFBE\uFFC2-\uFFC7\uFFCA-\uFFCF\uFFD2-\uFFD7\uFFDA-\uFFDC";
    var nonASCIIidentifierChars = "\xB7\u0300-\u036F\u0387\u0483-\u0487\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7\u0610-\u061A\u064B-\u0669\u0670\u06D6-\u06DC\u06DF-\u06E4\u06E7\u06E8\u06EA-\u06ED\u06F0-\u06F9\u0711\u0730-\u074A\u07A6-\u07B0\u07C0-\u07C9\u07EB-\u07F3\u07FD\u0816-\u0819\u081B-\u0823\u0825-\u0827\u0829-\u082D\u0859-\u085B\u0897-\u089F\u08CA-\u08E1\u08E3-\u0903\u093A-\u093C\u093E-\u094F\u0951-\u0957\u0962\u0963\u0966-\u096F\u0981-\u0983\u09BC\u09BE-\u09C4\u09C7\u09C8\u09CB-\u09CD\u09D7\u09E2\u09E3\u09E6-\u09EF\u09FE\u0A01-\u0A03\u0A3C\u0A3E-\u0A42\u0A47\u0A48\u0A4B-\u0A4D\u0A51\u0A66-\u0A71\u0A75\u0A81-\u0A83\u0ABC\u0ABE-\u0AC5\u0AC7-\u0AC9\u0ACB-\u0ACD\u0AE2\u0AE3\u0AE6-\u0AEF\u0AFA-\u0AFF\u0B01-\u0B03\u0B3C\u0B3E-\u0B44\u0B47\u0B48\u0B4B-\u0B4D\u0B55-\u0B57\u0B62\u0B63\u0B66-\u0B6F\u0B82\u0BBE-\u0BC2\u0BC6-\u0BC8\u0BCA-\u0BCD\u0BD7\u0BE6-\u0BEF\u0C00-\u0C04\u0C3C\u0C3E-\u0C44\u0C46-\u0C48\u0C4A-\u0C4D\u0C55\u0C56\u0C62\u0C63\u0C66-\u0C6F\u0C81-\u0C83\u0CBC\u0CBE-\u0CC4\u0CC6-\u0CC8\u0CCA-\u0CCD\u0CD5\u0CD6\u0CE2\u0CE3\u0CE6-\u0CEF\u0CF3\u0D00-\u0D03\u0D3B\u0D3C\u0D3E-\u0D44\u0D46-\u0D48\u0D4A-\u0D4D\u0D57\u0D62\u0D63\u0D66-\u0D6F\u0D81-\u0D83\u0DCA\u0DCF-\u0DD4\u0DD6\u0DD8-\u0DDF\u0DE6-\u0DEF\u0DF2\u0DF3\u0E31\u0E34-\u0E3A\u0E47-\u0E4E\u0E50-\u0E59\u0EB1\u0EB4-\u0EBC\u0EC8-\u0ECE\u0ED0-\u0ED9\u0F18\u0F19\u0F20-\u0F29\u0F35\u0F37\u0F39\u0F3E\u0F3F\u0F71-\u0F84\u0F86\u0F87\u0F8D-\u0F97\u0F99-\u0FBC\u0FC6\u102B-\u103E\u1040-\u1049\u1056-\u1059\u105E-\u1060\u1062-\u1064\u1067-\u106D\u1071-\u1074\u1082-\u108D\u108F-\u109D\u135D-\u135F\u1369-\u1371\u1712-\u1715\u1732-\u1734\u1752\u1753\u1772\u1773\u17B4-\u17D3\u17DD\u17E0-\u17E9\u180B-\u180D\u180F-\u1819\u18A9\u1920-\u192B\u1930-\u193B\u1946-\u194F\u19D0-\u19DA\u1A17-\u1A1B\u1A55-\u1A5E\u1A60-\u1A7C\u1A7F-\u1A89\u1A90-\u1A99\u1AB0-\u1ABD\u1ABF-\u1ADD\u1AE0-\u1AEB\u1B00-\u1B04\u1B34-\u1B44\u1B50-\u1B59\u1B6B-\u1B73\u1B80-\u1B82\u1BA1-\u1BAD\u1BB0-\u1BB9\u1BE6-\u1BF3\u1C24-\u1C37\u1C40-\u1C49\u1C50-\u1C59\u1CD0-\u1CD2\u1CD4-\u1CE8\u1CED\u1CF4\u1CF7-\u1CF9\u1DC0-\u1DFF\u200C\u200D\u203F\u2040\u2054\u20D0-\u20DC\u20E1\u20E5-\u20F0\u2CEF-\u2CF1\u2D7F\u2DE0-\u2DFF\u302A-\u302F\u3099\u309A\u30FB\uA620-\uA629\uA66F\uA674-\uA67D\uA69E\uA69F\uA6F0\uA6F1\uA802\uA806\uA80B\uA823-\uA827\uA82C\uA880\uA881\uA8B4-\uA8C5\uA8D0-\uA8D9\uA8E0-\uA8F1\uA8FF-\uA909\uA926-\uA92D\uA947-\uA953\uA980-\uA983\uA9B3-\uA9C0\uA9D0-\uA9D9\uA9E5\uA9F0-\uA9F9\uAA29-\uAA36\uAA43\uAA4C\uAA4D\uAA50-\uAA59\uAA7B-\uAA7D\uAAB0\uAAB2-\uAAB4\uAAB7\uAAB8\uAABE\uAABF\uAAC1\uAAEB-\uAAEF\uAAF5\uAAF6\uABE3-\uABEA\uABEC\uABED\uABF0-\uABF9\uFB1E\uFE00-\uFE0F\uFE20-\uFE2F\uFE33\uFE34\uFE4D-\uFE4F\uFF10-\uFF19\uFF3F\uFF65";
    var nonASCIIidentifierStart = new RegExp("[" + nonASCIIidentifierStartChars + "]");
    var nonASCIIidentifier = new RegExp("[" + nonASCIIidentifierStartChars + nonASCIIidentifierChars + "]");
    nonASCIIidentifierStartChars = nonASCIIidentifierChars = null;
    var astralIdentifierStartCodes = [0, 11, 2, 25, 2, 18, 2, 1, 2, 14, 3, 13, 35, 122, 70, 52, 268, 28, 4, 48, 48, 31, 14, 29, 6, 37, 11, 29, 3, 35, 5, 7, 2, 4, 43, 157, 19, 35, 5, 35, 5, 39, 9, 51, 13, 10, 2, 14, 2, 6, 2, 1, 2, 10, 2, 14, 2, 6, 2, 1, 4, 51, 13, 310, 10, 21, 11, 7, 25, 5, 2, 41, 2, 8, 70, 5, 3, 0, 2, 43, 2, 1, 4, 0, 3, 22, 11, 22, 10, 30, 66, 18, 2, 1, 11, 21, 11, 25, 7, 25, 39, 55, 7, 1, 65, 0, 16, 3, 2, 2, 2, 28, 43, 28, 4, 28, 36, 7, 2, 27, 28, 53, 11, 21, 11, 18, 14, 17, 111, 72, 56, 50, 14, 50, 14, 35, 39, 27, 10, 22, 251, 41, 7, 1, 17, 5, 57, 28, 11, 0, 9, 21, 43, 17, 47, 20, 28, 22, 13, 52, 58, 1, 3, 0, 14, 44, 33, 24, 27, 35, 30, 0, 3, 0, 9, 34, 4, 0, 13, 47, 15, 3, 22, 0, 2, 0, 36, 17, 2, 24, 20, 1, 64, 6, 2, 0, 2, 3, 2, 14, 2, 9, 8, 46, 39, 7, 3, 1, 3, 21, 2, 6, 2, 1, 2, 4, 4, 0, 19, 0, 13, 4, 31, 9, 2, 0, 3, 0, 2, 37, 2, 0, 26, 0, 2, 0, 45, 52, 19, 3, 21, 2, 31, 47, 21, 1, 2, 0, 185, 46, 42, 3, 37, 47, 21, 0, 60, 42, 14, 0, 72, 26, 38, 6, 186, 43, 117, 63, 32, 7, 3, 0, 3, 7, 2, 1, 2, 23, 16, 0, 2, 0, 95, 7, 3, 38, 17, 0, 2, 0, 29, 0, 11, 39, 8, 0, 22, 0, 12, 45, 20, 0, 19, 72, 200, 32, 32, 8, 2, 36, 18, 0, 50, 29, 113, 6, 2, 1, 2, 37, 22, 0, 26, 5, 2, 1, 2, 31, 15, 0, 24, 43, 261, 18, 16, 0, 2, 12, 2, 33, 125, 0, 80, 921, 103, 110, 18, 195, 2637, 96, 16, 1071, 18, 5, 26, 3994, 6, 582, 6842, 29, 1763, 568, 8, 30, 18, 78, 18, 29, 19, 47, 17, 3, 32, 20, 6, 18, 433, 44, 212, 63, 33, 24, 3, 24, 45, 74, 6, 0, 67, 12, 65, 1, 2, 0, 15, 4, 10, 7381, 42, 31, 98, 114, 8702, 3, 2, 6, 2, 1, 2, 290, 16, 0, 30, 2, 3, 0, 15, 3, 9, 395, 2309, 106, 6, 12, 4, 8, 8, 9, 5991, 84, 2, 70, 2, 1, 3, 0, 3, 1, 3, 3, 2, 11, 2, 0, 2, 6, 2, 64, 2, 3, 3, 7, 2, 6, 2, 27, 2, 3, 2, 4, 2, 0, 4, 6, 2, 339, 3, 24, 2, 24, 2, 30, 2, 24, 2, 30, 2, 24, 2, 30, 2, 24, 2, 30, 2, 24, 2, 7, 1845, 30, 7, 5, 262, 61, 147, 44, 11, 6, 17, 0, 322, 29, 19, 43, 485, 27, 229, 29, 3, 0, 208, 30, 2, 2, 2, 1, 2, 6, 3, 4, 10, 1, 225, 6, 2, 3, 2, 1, 2, 14, 2, 196, 60, 67, 8, 0, 1205, 3, 2, 26, 2, 1, 2, 0, 3, 0, 2, 9, 2, 3, 2, 0, 2, 0, 7, 0, 5, 0, 2, 0, 2, 0, 2, 2, 2, 1, 2, 0, 3, 0, 2, 0, 2, 0, 2, 0, 2, 0, 2, 1, 2, 0, 3, 3, 2, 6, 2, 3, 2, 3, 2, 0, 2, 9, 2, 16, 6, 2, 2, 4, 2, 16, 4421, 42719, 33, 4381, 3, 5773, 3, 7472, 16, 621, 2467, 541, 1507, 4938, 6, 8489];
    var astralIdentifierCodes = [509, 0, 227, 0, 150, 4, 294, 9, 1368, 2, 2, 1, 6, 3, 41, 2, 5, 0, 166, 1, 574, 3, 9, 9, 7, 9, 32, 4, 318, 1, 78, 5, 71, 10, 50, 3, 123, 2, 54, 14, 32, 10, 3, 1, 11, 3, 46, 10, 8, 0, 46, 9, 7, 2, 37, 13, 2, 9, 6, 1, 45, 0, 13, 2, 49, 13, 9, 3, 2, 11, 83, 11, 7, 0, 3, 0, 158, 11, 6, 9, 7, 3, 56, 1, 2, 6, 3, 1, 3, 2, 10, 0, 11, 1, 3, 6, 4, 4, 68, 8, 2, 0, 3, 0, 2, 3, 2, 4, 2, 0, 15, 1, 83, 17, 10, 9, 5, 0, 82, 19, 13, 9, 214, 6, 3, 8, 28, 1, 83, 16, 16, 9, 82, 12, 9, 9, 7, 19, 58, 14, 5, 9, 243, 14, 166, 9, 71, 5, 2, 1, 3, 3, 2, 0, 2, 1, 13, 9, 120, 6, 3, 6, 4, 0, 29, 9, 41, 6, 2, 3, 9, 0, 10, 10, 47, 15, 199, 7, 137, 9, 54, 7, 2, 7, 17, 9, 57, 21, 2, 13, 123, 5, 4, 0, 2, 1, 2, 6, 2, 0, 9, 9, 49, 4, 2, 1, 2, 4, 9, 9, 55, 9, 266, 3, 10, 1, 2, 0, 49, 6, 4, 4, 14, 10, 5350, 0, 7, 14, 11465, 27, 2343, 9, 87, 9, 39, 4, 60, 6, 26, 9, 535, 9, 470, 0, 2, 54, 8, 3, 82, 0, 12, 1, 19628, 1, 4178, 9, 519, 45, 3, 22, 543, 4, 4, 5, 9, 7, 3, 6, 31, 3, 149, 2, 1418, 49, 513, 54, 5, 49, 9, 0, 15, 0, 23, 4, 2, 14, 1361, 6, 2, 16, 3, 6, 2, 1, 2, 4, 101, 0, 161, 6, 10, 9, 357, 0, 62, 13, 499, 13, 245, 1, 2, 9, 233, 0, 3, 0, 8, 1, 6, 0, 475, 6, 110, 6, 6, 9, 4759, 9, 787719, 239];
    function isInAstralSet(code, set) {
      let pos = 65536;
      for (let i = 0, length = set.length; i < length; i += 2) {
        pos += set[i];
        if (pos > code) return false;
        pos += set[i + 1];
        if (pos >= code) return true;
      }
      return false;
    }
    function isIdentifierStart(code) {
      if (code < 65) return code === 36;
      if (code <= 90) return true;
      if (code < 97) return code === 95;
      if (code <= 122) return true;
      if (code <= 65535) {
        return code >= 170 && nonASCIIidentifierStart.test(String.fromCharCode(code));
      }
      return isInAstralSet(code, astralIdentifierStartCodes);
    }
    function isIdentifierChar(code) {
      if (code < 48) return code === 36;
      if (code < 58) return true;
      if (code < 65) return false;
      if (code <= 90) return true;
      if (code < 97) return code === 95;
      if (code <= 122) return true;
      if (code <= 65535) {
        return code >= 170 && nonASCIIidentifier.test(String.fromCharCode(code));
      }
      return isInAstralSet(code, astralIdentifierStartCodes) || isInAstralSet(code, astralIdentifierCodes);
    }
    function isIdentifierName(name) {
      let isFirst = true;
      for (let i = 0; i < name.length; i++) {
        let cp = name.charCodeAt(i);
        if ((cp & 64512) === 55296 && i + 1 < name.length) {
          const trail = name.charCodeAt(++i);
          if ((trail & 64512) === 56320) {
            cp = 65536 + ((cp & 1023) << 10) + (trail & 1023);
          }
        }
        if (isFirst) {
          isFirst = false;
          if (!isIdentifierStart(cp)) {
            return false;
          }
        } else if (!isIdentifierChar(cp)) {
          return false;
        }
      }
      return !isFirst;
    }
  }
});

// node_modules/@babel/helper-validator-identifier/lib/keyword.js
var require_keyword = __commonJS({
  "node_modules/@babel/helper-validator-identifier/lib/keyword.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", {
      value: true
    });
    exports.isKeyword = isKeyword;
    exports.isReservedWord = isReservedWord;
    exports.isStrictBindOnlyReservedWord = isStrictBindOnlyReservedWord;
    exports.isStrictBindReservedWord = isStrictBindReservedWord;
    exports.isStrictReservedWord = isStrictReservedWord;
    var reservedWords = {
      keyword: ["break", "case", "catch", "continue", "debugger", "default", "do", "else", "finally", "for", "function", "if", "return", "switch", "throw", "try", "var", "const", "while", "with", "new", "this", "super", "class", "extends", "export", "import", "null", "true", "false", "in", "instanceof", "typeof", "void", "delete"],
      strict: ["implements", "interface", "let", "package", "private", "protected", "public", "static", "yield"],
      strictBind: ["eval", "arguments"]
    };
    var keywords = new Set(reservedWords.keyword);
    var reservedWordsStrictSet = new Set(reservedWords.strict);
    var reservedWordsStrictBindSet = new Set(reservedWords.strictBind);
    function isReservedWord(word, inModule) {
      return inModule && word === "await" || word === "enum";
    }
    function isStrictReservedWord(word, inModule) {
      return isReservedWord(word, inModule) || reservedWordsStrictSet.has(word);
    }
    function isStrictBindOnlyReservedWord(word) {
      return reservedWordsStrictBindSet.has(word);
    }
    function isStrictBindReservedWord(word, inModule) {
      return isStrictReservedWord(word, inModule) || isStrictBindOnlyReservedWord(word);
    }
    function isKeyword(word) {
      return keywords.has(word);
    }
  }
});

// node_modules/@babel/helper-validator-identifier/lib/index.js
var require_lib = __commonJS({
  "node_modules/@babel/helper-validator-identifier/lib/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", {
      value: true
    });
    Object.defineProperty(exports, "isIdentifierChar", {
      enumerable: true,
      get: function() {
        return _identifier.isIdentifierChar;
      }
    });
    Object.defineProperty(exports, "isIdentifierName", {
      enumerable: true,
      get: function() {
        return _identifier.isIdentifierName;
      }
    });
    Object.defineProperty(exports, "isIdentifierStart", {
      enumerable: true,
      get: function() {
        return _identifier.isIdentifierStart;
      }
    });
    Object.defineProperty(exports, "isKeyword", {
      enumerable: true,
      get: function() {
        return _keyword.isKeyword;
      }
    });
    Object.defineProperty(exports, "isReservedWord", {
      enumerable: true,
      get: function() {
        return _keyword.isReservedWord;
      }
    });
    Object.defineProperty(exports, "isStrictBindOnlyReservedWord", {
      enumerable: true,
      get: function() {
        return _keyword.isStrictBindOnlyReservedWord;
      }
    });
    Object.defineProperty(exports, "isStrictBindReservedWord", {
      enumerable: true,
      get: function() {
        return _keyword.isStrictBindReservedWord;
      }
    });
    Object.defineProperty(exports, "isStrictReservedWord", {
      enumerable: true,
      get: function() {
        return _keyword.isStrictReservedWord;
      }
    });
    var _identifier = require_identifier();
    var _keyword = require_keyword();
  }
});

// node_modules/@babel/code-frame/lib/index.js
var require_lib2 = __commonJS({
  "node_modules/@babel/code-frame/lib/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    var picocolors = require_picocolors();
    var jsTokens = require_js_tokens();
    var helperValidatorIdentifier = require_lib();
    function isColorSupported() {
      return typeof process === "object" && (process.env.FORCE_COLOR === "0" || process.env.FORCE_COLOR === "false") ? false : picocolors.isColorSupported;
    }
    var compose = (f, g) => (v) => f(g(v));
    function buildDefs(colors) {
      return {
        keyword: colors.cyan,
        capitalized: colors.yellow,
        jsxIdentifier: colors.yellow,
        punctuator: colors.yellow,
        number: colors.magenta,
        string: colors.green,
        regex: colors.magenta,
        comment: colors.gray,
        invalid: compose(compose(colors.white, colors.bgRed), colors.bold),
        gutter: colors.gray,
        marker: compose(colors.red, colors.bold),
        message: compose(colors.red, colors.bold),
        reset: colors.reset
      };
    }
    var defsOn = buildDefs(picocolors.createColors(true));
    var defsOff = buildDefs(picocolors.createColors(false));
    function getDefs(enabled) {
      return enabled ? defsOn : defsOff;
    }
    var sometimesKeywords = /* @__PURE__ */ new Set(["as", "async", "from", "get", "of", "set"]);
    var NEWLINE$1 = /\r\n|[\n\r\u2028\u2029]/;
    var BRACKET = /^[()[\]{}]$/;
    var tokenize;
    var JSX_TAG = /^[a-z][\w-]*$/i;
    var getTokenType = function(token, offset, text2) {
      if (token.type === "name") {
        const tokenValue = token.value;
        if (helperValidatorIdentifier.isKeyword(tokenValue) || helperValidatorIdentifier.isStrictReservedWord(tokenValue, true) || sometimesKeywords.has(tokenValue)) {
          return "keyword";
        }
        if (JSX_TAG.test(tokenValue) && (text2[offset - 1] === "<" || text2.slice(offset - 2, offset) === "</")) {
          return "jsxIdentifier";
        }
        const firstChar = String.fromCodePoint(tokenValue.codePointAt(0));
        if (firstChar !== firstChar.toLowerCase()) {
          return "capitalized";
        }
      }
      if (token.type === "punctuator" && BRACKET.test(token.value)) {
        return "bracket";
      }
      if (token.type === "invalid" && (token.value === "@" || token.value === "#")) {
        return "punctuator";
      }
      return token.type;
    };
    tokenize = function* (text2) {
      let match;
      while (match = jsTokens.default.exec(text2)) {
        const token = jsTokens.matchToToken(match);
        yield {
          type: getTokenType(token, match.index, text2),
          value: token.value
        };
      }
    };
    function highlight(text2) {
      if (text2 === "") return "";
      const defs = getDefs(true);
      let highlighted = "";
      for (const {
        type,
        value
      } of tokenize(text2)) {
        if (type in defs) {
          highlighted += value.split(NEWLINE$1).map((str) => defs[type](str)).join("\n");
        } else {
          highlighted += value;
        }
      }
      return highlighted;
    }
    var deprecationWarningShown = false;
    var NEWLINE = /\r\n|[\n\r\u2028\u2029]/;
    function getMarkerLines(loc, source, opts, startLineBaseZero) {
      const startLoc = Object.assign({
        column: 0,
        line: -1
      }, loc.start);
      const endLoc = Object.assign({}, startLoc, loc.end);
      const {
        linesAbove = 2,
        linesBelow = 3
      } = opts || {};
      const startLine = startLoc.line - startLineBaseZero;
      const startColumn = startLoc.column;
      const endLine = endLoc.line - startLineBaseZero;
      const endColumn = endLoc.column;
      let start = Math.max(startLine - (linesAbove + 1), 0);
      let end = Math.min(source.length, endLine + linesBelow);
      if (startLine === -1) {
        start = 0;
      }
      if (endLine === -1) {
        end = source.length;
      }
      const lineDiff = endLine - startLine;
      const markerLines = {};
      if (lineDiff) {
        for (let i = 0; i <= lineDiff; i++) {
          const lineNumber = i + startLine;
          if (!startColumn) {
            markerLines[lineNumber] = true;
          } else if (i === 0) {
            const sourceLength = source[lineNumber - 1].length;
            markerLines[lineNumber] = [startColumn, sourceLength - startColumn + 1];
          } else if (i === lineDiff) {
            markerLines[lineNumber] = [0, endColumn];
          } else {
            const sourceLength = source[lineNumber - i].length;
            markerLines[lineNumber] = [0, sourceLength];
          }
        }
      } else {
        if (startColumn === endColumn) {
          if (startColumn) {
            markerLines[startLine] = [startColumn, 0];
          } else {
            markerLines[startLine] = true;
          }
        } else {
          markerLines[startLine] = [startColumn, endColumn - startColumn];
        }
      }
      return {
        start,
        end,
        markerLines
      };
    }
    function codeFrameColumns(rawLines, loc, opts = {}) {
      const shouldHighlight = opts.forceColor || isColorSupported() && opts.highlightCode;
      const startLineBaseZero = (opts.startLine || 1) - 1;
      const defs = getDefs(shouldHighlight);
      const lines = rawLines.split(NEWLINE);
      const {
        start,
        end,
        markerLines
      } = getMarkerLines(loc, lines, opts, startLineBaseZero);
      const hasColumns = loc.start && typeof loc.start.column === "number";
      const numberMaxWidth = String(end + startLineBaseZero).length;
      const highlightedLines = shouldHighlight ? highlight(rawLines) : rawLines;
      let frame = highlightedLines.split(NEWLINE, end).slice(start, end).map((line, index2) => {
        const number = start + 1 + index2;
        const paddedNumber = ` ${number + startLineBaseZero}`.slice(-numberMaxWidth);
        const gutter = ` ${paddedNumber} |`;
        const hasMarker = markerLines[number];
        const lastMarkerLine = !markerLines[number + 1];
        if (hasMarker) {
          let markerLine = "";
          if (Array.isArray(hasMarker)) {
            const markerSpacing = line.slice(0, Math.max(hasMarker[0] - 1, 0)).replace(/[^\t]/g, " ");
            const numberOfMarkers = hasMarker[1] || 1;
            markerLine = ["\n ", defs.gutter(gutter.replace(/\d/g, " ")), " ", markerSpacing, defs.marker("^").repeat(numberOfMarkers)].join("");
            if (lastMarkerLine && opts.message) {
              markerLine += " " + defs.message(opts.message);
            }
          }
          return [defs.marker(">"), defs.gutter(gutter), line.length > 0 ? ` ${line}` : "", markerLine].join("");
        } else {
          return ` ${defs.gutter(gutter)}${line.length > 0 ? ` ${line}` : ""}`;
        }
      }).join("\n");
      if (opts.message && !hasColumns) {
        frame = `${" ".repeat(numberMaxWidth + 1)}${opts.message}
${frame}`;
      }
      if (shouldHighlight) {
        return defs.reset(frame);
      } else {
        return frame;
      }
    }
    function index(rawLines, lineNumber, colNumber, opts = {}) {
      if (!deprecationWarningShown) {
        deprecationWarningShown = true;
        const message = "Passing lineNumber and colNumber is deprecated to @babel/code-frame. Please use `codeFrameColumns`.";
        if (process.emitWarning) {
          process.emitWarning(message, "DeprecationWarning");
        } else {
          const deprecationError = new Error(message);
          deprecationError.name = "DeprecationWarning";
          console.warn(new Error(message));
        }
      }
      colNumber = Math.max(colNumber, 0);
      const location = {
        start: {
          column: colNumber,
          line: lineNumber
        }
      };
      return codeFrameColumns(rawLines, location, opts);
    }
    exports.codeFrameColumns = codeFrameColumns;
    exports.default = index;
    exports.highlight = highlight;
  }
});

// node_modules/parse-json/index.js
var require_parse_json = __commonJS({
  "node_modules/parse-json/index.js"(exports, module) {
    "use strict";
    var errorEx = require_error_ex();
    var fallback = require_json_parse_even_better_errors();
    var { default: LinesAndColumns } = require_build();
    var { codeFrameColumns } = require_lib2();
    var JSONError = errorEx("JSONError", {
      fileName: errorEx.append("in %s"),
      codeFrame: errorEx.append("\n\n%s\n")
    });
    var parseJson = (string, reviver, filename) => {
      if (typeof reviver === "string") {
        filename = reviver;
        reviver = null;
      }
      try {
        try {
          return JSON.parse(string, reviver);
        } catch (error2) {
          fallback(string, reviver);
          throw error2;
        }
      } catch (error2) {
        error2.message = error2.message.replace(/\n/g, "");
        const indexMatch = error2.message.match(/in JSON at position (\d+) while parsing/);
        const jsonError = new JSONError(error2);
        if (filename) {
          jsonError.fileName = filename;
        }
        if (indexMatch && indexMatch.length > 0) {
          const lines = new LinesAndColumns(string);
          const index = Number(indexMatch[1]);
          const location = lines.locationForIndex(index);
          const codeFrame = codeFrameColumns(
            string,
            { start: { line: location.line + 1, column: location.column + 1 } },
            { highlightCode: true }
          );
          jsonError.codeFrame = codeFrame;
        }
        throw jsonError;
      }
    };
    parseJson.JSONError = JSONError;
    module.exports = parseJson;
  }
});

// node_modules/js-yaml/lib/common.js
var require_common = __commonJS({
  "node_modules/js-yaml/lib/common.js"(exports, module) {
    "use strict";
    function isNothing(subject) {
      return typeof subject === "undefined" || subject === null;
    }
    function isObject(subject) {
      return typeof subject === "object" && subject !== null;
    }
    function toArray(sequence) {
      if (Array.isArray(sequence)) return sequence;
      else if (isNothing(sequence)) return [];
      return [sequence];
    }
    function extend(target, source) {
      if (source) {
        const sourceKeys = Object.keys(source);
        for (let index = 0, length = sourceKeys.length; index < length; index += 1) {
          const key = sourceKeys[index];
          target[key] = source[key];
        }
      }
      return target;
    }
    function repeat(string, count2) {
      let result = "";
      for (let cycle = 0; cycle < count2; cycle += 1) {
        result += string;
      }
      return result;
    }
    function isNegativeZero(number) {
      return number === 0 && Number.NEGATIVE_INFINITY === 1 / number;
    }
    module.exports.isNothing = isNothing;
    module.exports.isObject = isObject;
    module.exports.toArray = toArray;
    module.exports.repeat = repeat;
    module.exports.isNegativeZero = isNegativeZero;
    module.exports.extend = extend;
  }
});

// node_modules/js-yaml/lib/exception.js
var require_exception = __commonJS({
  "node_modules/js-yaml/lib/exception.js"(exports, module) {
    "use strict";
    function formatError(exception, compact) {
      let where = "";
      const message = exception.reason || "(unknown reason)";
      if (!exception.mark) return message;
      if (exception.mark.name) {
        where += 'in "' + exception.mark.name + '" ';
      }
      where += "(" + (exception.mark.line + 1) + ":" + (exception.mark.column + 1) + ")";
      if (!compact && exception.mark.snippet) {
        where += "\n\n" + exception.mark.snippet;
      }
      return message + " " + where;
    }
    function YAMLException(reason, mark) {
      Error.call(this);
      this.name = "YAMLException";
      this.reason = reason;
      this.mark = mark;
      this.message = formatError(this, false);
      if (Error.captureStackTrace) {
        Error.captureStackTrace(this, this.constructor);
      } else {
        this.stack = new Error().stack || "";
      }
    }
    YAMLException.prototype = Object.create(Error.prototype);
    YAMLException.prototype.constructor = YAMLException;
    YAMLException.prototype.toString = function toString(compact) {
      return this.name + ": " + formatError(this, compact);
    };
    module.exports = YAMLException;
  }
});

// node_modules/js-yaml/lib/snippet.js
var require_snippet = __commonJS({
  "node_modules/js-yaml/lib/snippet.js"(exports, module) {
    "use strict";
    var common = require_common();
    function getLine(buffer, lineStart, lineEnd2, position, maxLineLength) {
      let head = "";
      let tail = "";
      const maxHalfLength = Math.floor(maxLineLength / 2) - 1;
      if (position - lineStart > maxHalfLength) {
        head = " ... ";
        lineStart = position - maxHalfLength + head.length;
      }
      if (lineEnd2 - position > maxHalfLength) {
        tail = " ...";
        lineEnd2 = position + maxHalfLength - tail.length;
      }
      return {
        str: head + buffer.slice(lineStart, lineEnd2).replace(/\t/g, "\u2192") + tail,
        pos: position - lineStart + head.length
        // relative position
      };
    }
    function padStart(string, max) {
      return common.repeat(" ", max - string.length) + string;
    }
    function makeSnippet(mark, options) {
      options = Object.create(options || null);
      if (!mark.buffer) return null;
      if (!options.maxLength) options.maxLength = 79;
      if (typeof options.indent !== "number") options.indent = 1;
      if (typeof options.linesBefore !== "number") options.linesBefore = 3;
      if (typeof options.linesAfter !== "number") options.linesAfter = 2;
      const re = /\r?\n|\r|\0/g;
      const lineStarts = [0];
      const lineEnds = [];
      let match;
      let foundLineNo = -1;
      while (match = re.exec(mark.buffer)) {
        lineEnds.push(match.index);
        lineStarts.push(match.index + match[0].length);
        if (mark.position <= match.index && foundLineNo < 0) {
          foundLineNo = lineStarts.length - 2;
        }
      }
      if (foundLineNo < 0) foundLineNo = lineStarts.length - 1;
      let result = "";
      const lineNoLength = Math.min(mark.line + options.linesAfter, lineEnds.length).toString().length;
      const maxLineLength = options.maxLength - (options.indent + lineNoLength + 3);
      for (let i = 1; i <= options.linesBefore; i++) {
        if (foundLineNo - i < 0) break;
        const line2 = getLine(
          mark.buffer,
          lineStarts[foundLineNo - i],
          lineEnds[foundLineNo - i],
          mark.position - (lineStarts[foundLineNo] - lineStarts[foundLineNo - i]),
          maxLineLength
        );
        result = common.repeat(" ", options.indent) + padStart((mark.line - i + 1).toString(), lineNoLength) + " | " + line2.str + "\n" + result;
      }
      const line = getLine(mark.buffer, lineStarts[foundLineNo], lineEnds[foundLineNo], mark.position, maxLineLength);
      result += common.repeat(" ", options.indent) + padStart((mark.line + 1).toString(), lineNoLength) + " | " + line.str + "\n";
      result += common.repeat("-", options.indent + lineNoLength + 3 + line.pos) + "^\n";
      for (let i = 1; i <= options.linesAfter; i++) {
        if (foundLineNo + i >= lineEnds.length) break;
        const line2 = getLine(
          mark.buffer,
          lineStarts[foundLineNo + i],
          lineEnds[foundLineNo + i],
          mark.position - (lineStarts[foundLineNo] - lineStarts[foundLineNo + i]),
          maxLineLength
        );
        result += common.repeat(" ", options.indent) + padStart((mark.line + i + 1).toString(), lineNoLength) + " | " + line2.str + "\n";
      }
      return result.replace(/\n$/, "");
    }
    module.exports = makeSnippet;
  }
});

// node_modules/js-yaml/lib/type.js
var require_type = __commonJS({
  "node_modules/js-yaml/lib/type.js"(exports, module) {
    "use strict";
    var YAMLException = require_exception();
    var TYPE_CONSTRUCTOR_OPTIONS = [
      "kind",
      "multi",
      "resolve",
      "construct",
      "instanceOf",
      "predicate",
      "represent",
      "representName",
      "defaultStyle",
      "styleAliases"
    ];
    var YAML_NODE_KINDS = [
      "scalar",
      "sequence",
      "mapping"
    ];
    function compileStyleAliases(map) {
      const result = {};
      if (map !== null) {
        Object.keys(map).forEach(function(style) {
          map[style].forEach(function(alias) {
            result[String(alias)] = style;
          });
        });
      }
      return result;
    }
    function Type(tag, options) {
      options = options || {};
      Object.keys(options).forEach(function(name) {
        if (TYPE_CONSTRUCTOR_OPTIONS.indexOf(name) === -1) {
          throw new YAMLException('Unknown option "' + name + '" is met in definition of "' + tag + '" YAML type.');
        }
      });
      this.options = options;
      this.tag = tag;
      this.kind = options["kind"] || null;
      this.resolve = options["resolve"] || function() {
        return true;
      };
      this.construct = options["construct"] || function(data) {
        return data;
      };
      this.instanceOf = options["instanceOf"] || null;
      this.predicate = options["predicate"] || null;
      this.represent = options["represent"] || null;
      this.representName = options["representName"] || null;
      this.defaultStyle = options["defaultStyle"] || null;
      this.multi = options["multi"] || false;
      this.styleAliases = compileStyleAliases(options["styleAliases"] || null);
      if (YAML_NODE_KINDS.indexOf(this.kind) === -1) {
        throw new YAMLException('Unknown kind "' + this.kind + '" is specified for "' + tag + '" YAML type.');
      }
    }
    module.exports = Type;
  }
});

// node_modules/js-yaml/lib/schema.js
var require_schema = __commonJS({
  "node_modules/js-yaml/lib/schema.js"(exports, module) {
    "use strict";
    var YAMLException = require_exception();
    var Type = require_type();
    function compileList(schema, name) {
      const result = [];
      schema[name].forEach(function(currentType) {
        let newIndex = result.length;
        result.forEach(function(previousType, previousIndex) {
          if (previousType.tag === currentType.tag && previousType.kind === currentType.kind && previousType.multi === currentType.multi) {
            newIndex = previousIndex;
          }
        });
        result[newIndex] = currentType;
      });
      return result;
    }
    function compileMap() {
      const result = {
        scalar: {},
        sequence: {},
        mapping: {},
        fallback: {},
        multi: {
          scalar: [],
          sequence: [],
          mapping: [],
          fallback: []
        }
      };
      function collectType(type) {
        if (type.multi) {
          result.multi[type.kind].push(type);
          result.multi["fallback"].push(type);
        } else {
          result[type.kind][type.tag] = result["fallback"][type.tag] = type;
        }
      }
      for (let index = 0, length = arguments.length; index < length; index += 1) {
        arguments[index].forEach(collectType);
      }
      return result;
    }
    function Schema(definition) {
      return this.extend(definition);
    }
    Schema.prototype.extend = function extend(definition) {
      let implicit = [];
      let explicit = [];
      if (definition instanceof Type) {
        explicit.push(definition);
      } else if (Array.isArray(definition)) {
        explicit = explicit.concat(definition);
      } else if (definition && (Array.isArray(definition.implicit) || Array.isArray(definition.explicit))) {
        if (definition.implicit) implicit = implicit.concat(definition.implicit);
        if (definition.explicit) explicit = explicit.concat(definition.explicit);
      } else {
        throw new YAMLException("Schema.extend argument should be a Type, [ Type ], or a schema definition ({ implicit: [...], explicit: [...] })");
      }
      implicit.forEach(function(type) {
        if (!(type instanceof Type)) {
          throw new YAMLException("Specified list of YAML types (or a single Type object) contains a non-Type object.");
        }
        if (type.loadKind && type.loadKind !== "scalar") {
          throw new YAMLException("There is a non-scalar type in the implicit list of a schema. Implicit resolving of such types is not supported.");
        }
        if (type.multi) {
          throw new YAMLException("There is a multi type in the implicit list of a schema. Multi tags can only be listed as explicit.");
        }
      });
      explicit.forEach(function(type) {
        if (!(type instanceof Type)) {
          throw new YAMLException("Specified list of YAML types (or a single Type object) contains a non-Type object.");
        }
      });
      const result = Object.create(Schema.prototype);
      result.implicit = (this.implicit || []).concat(implicit);
      result.explicit = (this.explicit || []).concat(explicit);
      result.compiledImplicit = compileList(result, "implicit");
      result.compiledExplicit = compileList(result, "explicit");
      result.compiledTypeMap = compileMap(result.compiledImplicit, result.compiledExplicit);
      return result;
    };
    module.exports = Schema;
  }
});

// node_modules/js-yaml/lib/type/str.js
var require_str = __commonJS({
  "node_modules/js-yaml/lib/type/str.js"(exports, module) {
    "use strict";
    var Type = require_type();
    module.exports = new Type("tag:yaml.org,2002:str", {
      kind: "scalar",
      construct: function(data) {
        return data !== null ? data : "";
      }
    });
  }
});

// node_modules/js-yaml/lib/type/seq.js
var require_seq = __commonJS({
  "node_modules/js-yaml/lib/type/seq.js"(exports, module) {
    "use strict";
    var Type = require_type();
    module.exports = new Type("tag:yaml.org,2002:seq", {
      kind: "sequence",
      construct: function(data) {
        return data !== null ? data : [];
      }
    });
  }
});

// node_modules/js-yaml/lib/type/map.js
var require_map = __commonJS({
  "node_modules/js-yaml/lib/type/map.js"(exports, module) {
    "use strict";
    var Type = require_type();
    module.exports = new Type("tag:yaml.org,2002:map", {
      kind: "mapping",
      construct: function(data) {
        return data !== null ? data : {};
      }
    });
  }
});

// node_modules/js-yaml/lib/schema/failsafe.js
var require_failsafe = __commonJS({
  "node_modules/js-yaml/lib/schema/failsafe.js"(exports, module) {
    "use strict";
    var Schema = require_schema();
    module.exports = new Schema({
      explicit: [
        require_str(),
        require_seq(),
        require_map()
      ]
    });
  }
});

// node_modules/js-yaml/lib/type/null.js
var require_null = __commonJS({
  "node_modules/js-yaml/lib/type/null.js"(exports, module) {
    "use strict";
    var Type = require_type();
    function resolveYamlNull(data) {
      if (data === null) return true;
      const max = data.length;
      return max === 1 && data === "~" || max === 4 && (data === "null" || data === "Null" || data === "NULL");
    }
    function constructYamlNull() {
      return null;
    }
    function isNull(object) {
      return object === null;
    }
    module.exports = new Type("tag:yaml.org,2002:null", {
      kind: "scalar",
      resolve: resolveYamlNull,
      construct: constructYamlNull,
      predicate: isNull,
      represent: {
        canonical: function() {
          return "~";
        },
        lowercase: function() {
          return "null";
        },
        uppercase: function() {
          return "NULL";
        },
        camelcase: function() {
          return "Null";
        },
        empty: function() {
          return "";
        }
      },
      defaultStyle: "lowercase"
    });
  }
});

// node_modules/js-yaml/lib/type/bool.js
var require_bool = __commonJS({
  "node_modules/js-yaml/lib/type/bool.js"(exports, module) {
    "use strict";
    var Type = require_type();
    function resolveYamlBoolean(data) {
      if (data === null) return false;
      const max = data.length;
      return max === 4 && (data === "true" || data === "True" || data === "TRUE") || max === 5 && (data === "false" || data === "False" || data === "FALSE");
    }
    function constructYamlBoolean(data) {
      return data === "true" || data === "True" || data === "TRUE";
    }
    function isBoolean(object) {
      return Object.prototype.toString.call(object) === "[object Boolean]";
    }
    module.exports = new Type("tag:yaml.org,2002:bool", {
      kind: "scalar",
      resolve: resolveYamlBoolean,
      construct: constructYamlBoolean,
      predicate: isBoolean,
      represent: {
        lowercase: function(object) {
          return object ? "true" : "false";
        },
        uppercase: function(object) {
          return object ? "TRUE" : "FALSE";
        },
        camelcase: function(object) {
          return object ? "True" : "False";
        }
      },
      defaultStyle: "lowercase"
    });
  }
});

// node_modules/js-yaml/lib/type/int.js
var require_int = __commonJS({
  "node_modules/js-yaml/lib/type/int.js"(exports, module) {
    "use strict";
    var common = require_common();
    var Type = require_type();
    function isHexCode(c) {
      return c >= 48 && c <= 57 || c >= 65 && c <= 70 || c >= 97 && c <= 102;
    }
    function isOctCode(c) {
      return c >= 48 && c <= 55;
    }
    function isDecCode(c) {
      return c >= 48 && c <= 57;
    }
    function resolveYamlInteger(data) {
      if (data === null) return false;
      const max = data.length;
      let index = 0;
      let hasDigits = false;
      if (!max) return false;
      let ch = data[index];
      if (ch === "-" || ch === "+") {
        ch = data[++index];
      }
      if (ch === "0") {
        if (index + 1 === max) return true;
        ch = data[++index];
        if (ch === "b") {
          index++;
          for (; index < max; index++) {
            ch = data[index];
            if (ch !== "0" && ch !== "1") return false;
            hasDigits = true;
          }
          return hasDigits && isFinite(parseYamlInteger(data));
        }
        if (ch === "x") {
          index++;
          for (; index < max; index++) {
            if (!isHexCode(data.charCodeAt(index))) return false;
            hasDigits = true;
          }
          return hasDigits && isFinite(parseYamlInteger(data));
        }
        if (ch === "o") {
          index++;
          for (; index < max; index++) {
            if (!isOctCode(data.charCodeAt(index))) return false;
            hasDigits = true;
          }
          return hasDigits && isFinite(parseYamlInteger(data));
        }
      }
      for (; index < max; index++) {
        if (!isDecCode(data.charCodeAt(index))) {
          return false;
        }
        hasDigits = true;
      }
      if (!hasDigits) return false;
      return isFinite(parseYamlInteger(data));
    }
    function parseYamlInteger(data) {
      let value = data;
      let sign = 1;
      let ch = value[0];
      if (ch === "-" || ch === "+") {
        if (ch === "-") sign = -1;
        value = value.slice(1);
        ch = value[0];
      }
      if (value === "0") return 0;
      if (ch === "0") {
        if (value[1] === "b") return sign * parseInt(value.slice(2), 2);
        if (value[1] === "x") return sign * parseInt(value.slice(2), 16);
        if (value[1] === "o") return sign * parseInt(value.slice(2), 8);
      }
      return sign * parseInt(value, 10);
    }
    function constructYamlInteger(data) {
      return parseYamlInteger(data);
    }
    function isInteger(object) {
      return Object.prototype.toString.call(object) === "[object Number]" && (object % 1 === 0 && !common.isNegativeZero(object));
    }
    module.exports = new Type("tag:yaml.org,2002:int", {
      kind: "scalar",
      resolve: resolveYamlInteger,
      construct: constructYamlInteger,
      predicate: isInteger,
      represent: {
        binary: function(obj) {
          return obj >= 0 ? "0b" + obj.toString(2) : "-0b" + obj.toString(2).slice(1);
        },
        octal: function(obj) {
          return obj >= 0 ? "0o" + obj.toString(8) : "-0o" + obj.toString(8).slice(1);
        },
        decimal: function(obj) {
          return obj.toString(10);
        },
        hexadecimal: function(obj) {
          return obj >= 0 ? "0x" + obj.toString(16).toUpperCase() : "-0x" + obj.toString(16).toUpperCase().slice(1);
        }
      },
      defaultStyle: "decimal",
      styleAliases: {
        binary: [2, "bin"],
        octal: [8, "oct"],
        decimal: [10, "dec"],
        hexadecimal: [16, "hex"]
      }
    });
  }
});

// node_modules/js-yaml/lib/type/float.js
var require_float = __commonJS({
  "node_modules/js-yaml/lib/type/float.js"(exports, module) {
    "use strict";
    var common = require_common();
    var Type = require_type();
    var YAML_FLOAT_PATTERN = new RegExp(
      // 2.5e4, 2.5 and integers
      "^(?:[-+]?(?:[0-9]+)(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"
    );
    var YAML_FLOAT_SPECIAL_PATTERN = new RegExp(
      "^(?:[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"
    );
    function resolveYamlFloat(data) {
      if (data === null) return false;
      if (!YAML_FLOAT_PATTERN.test(data)) {
        return false;
      }
      if (isFinite(parseFloat(data, 10))) {
        return true;
      }
      return YAML_FLOAT_SPECIAL_PATTERN.test(data);
    }
    function constructYamlFloat(data) {
      let value = data.toLowerCase();
      const sign = value[0] === "-" ? -1 : 1;
      if ("+-".indexOf(value[0]) >= 0) {
        value = value.slice(1);
      }
      if (value === ".inf") {
        return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
      } else if (value === ".nan") {
        return NaN;
      }
      return sign * parseFloat(value, 10);
    }
    var SCIENTIFIC_WITHOUT_DOT = /^[-+]?[0-9]+e/;
    function representYamlFloat(object, style) {
      if (isNaN(object)) {
        switch (style) {
          case "lowercase":
            return ".nan";
          case "uppercase":
            return ".NAN";
          case "camelcase":
            return ".NaN";
        }
      } else if (Number.POSITIVE_INFINITY === object) {
        switch (style) {
          case "lowercase":
            return ".inf";
          case "uppercase":
            return ".INF";
          case "camelcase":
            return ".Inf";
        }
      } else if (Number.NEGATIVE_INFINITY === object) {
        switch (style) {
          case "lowercase":
            return "-.inf";
          case "uppercase":
            return "-.INF";
          case "camelcase":
            return "-.Inf";
        }
      } else if (common.isNegativeZero(object)) {
        return "-0.0";
      }
      const res = object.toString(10);
      return SCIENTIFIC_WITHOUT_DOT.test(res) ? res.replace("e", ".e") : res;
    }
    function isFloat(object) {
      return Object.prototype.toString.call(object) === "[object Number]" && (object % 1 !== 0 || common.isNegativeZero(object));
    }
    module.exports = new Type("tag:yaml.org,2002:float", {
      kind: "scalar",
      resolve: resolveYamlFloat,
      construct: constructYamlFloat,
      predicate: isFloat,
      represent: representYamlFloat,
      defaultStyle: "lowercase"
    });
  }
});

// node_modules/js-yaml/lib/schema/json.js
var require_json = __commonJS({
  "node_modules/js-yaml/lib/schema/json.js"(exports, module) {
    "use strict";
    module.exports = require_failsafe().extend({
      implicit: [
        require_null(),
        require_bool(),
        require_int(),
        require_float()
      ]
    });
  }
});

// node_modules/js-yaml/lib/schema/core.js
var require_core = __commonJS({
  "node_modules/js-yaml/lib/schema/core.js"(exports, module) {
    "use strict";
    module.exports = require_json();
  }
});

// node_modules/js-yaml/lib/type/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/js-yaml/lib/type/timestamp.js"(exports, module) {
    "use strict";
    var Type = require_type();
    var YAML_DATE_REGEXP = new RegExp(
      "^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$"
    );
    var YAML_TIMESTAMP_REGEXP = new RegExp(
      "^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \\t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\\.([0-9]*))?(?:[ \\t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?$"
    );
    function resolveYamlTimestamp(data) {
      if (data === null) return false;
      if (YAML_DATE_REGEXP.exec(data) !== null) return true;
      if (YAML_TIMESTAMP_REGEXP.exec(data) !== null) return true;
      return false;
    }
    function constructYamlTimestamp(data) {
      let fraction = 0;
      let delta = null;
      let match = YAML_DATE_REGEXP.exec(data);
      if (match === null) match = YAML_TIMESTAMP_REGEXP.exec(data);
      if (match === null) throw new Error("Date resolve error");
      const year = +match[1];
      const month = +match[2] - 1;
      const day = +match[3];
      if (!match[4]) {
        return new Date(Date.UTC(year, month, day));
      }
      const hour = +match[4];
      const minute = +match[5];
      const second = +match[6];
      if (match[7]) {
        fraction = match[7].slice(0, 3);
        while (fraction.length < 3) {
          fraction += "0";
        }
        fraction = +fraction;
      }
      if (match[9]) {
        const tzHour = +match[10];
        const tzMinute = +(match[11] || 0);
        delta = (tzHour * 60 + tzMinute) * 6e4;
        if (match[9] === "-") delta = -delta;
      }
      const date = new Date(Date.UTC(year, month, day, hour, minute, second, fraction));
      if (delta) date.setTime(date.getTime() - delta);
      return date;
    }
    function representYamlTimestamp(object) {
      return object.toISOString();
    }
    module.exports = new Type("tag:yaml.org,2002:timestamp", {
      kind: "scalar",
      resolve: resolveYamlTimestamp,
      construct: constructYamlTimestamp,
      instanceOf: Date,
      represent: representYamlTimestamp
    });
  }
});

// node_modules/js-yaml/lib/type/merge.js
var require_merge = __commonJS({
  "node_modules/js-yaml/lib/type/merge.js"(exports, module) {
    "use strict";
    var Type = require_type();
    function resolveYamlMerge(data) {
      return data === "<<" || data === null;
    }
    module.exports = new Type("tag:yaml.org,2002:merge", {
      kind: "scalar",
      resolve: resolveYamlMerge
    });
  }
});

// node_modules/js-yaml/lib/type/binary.js
var require_binary = __commonJS({
  "node_modules/js-yaml/lib/type/binary.js"(exports, module) {
    "use strict";
    var Type = require_type();
    var BASE64_MAP = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n\r";
    function resolveYamlBinary(data) {
      if (data === null) return false;
      let bitlen = 0;
      const max = data.length;
      const map = BASE64_MAP;
      for (let idx = 0; idx < max; idx++) {
        const code = map.indexOf(data.charAt(idx));
        if (code > 64) continue;
        if (code < 0) return false;
        bitlen += 6;
      }
      return bitlen % 8 === 0;
    }
    function constructYamlBinary(data) {
      const input = data.replace(/[\r\n=]/g, "");
      const max = input.length;
      const map = BASE64_MAP;
      let bits = 0;
      const result = [];
      for (let idx = 0; idx < max; idx++) {
        if (idx % 4 === 0 && idx) {
          result.push(bits >> 16 & 255);
          result.push(bits >> 8 & 255);
          result.push(bits & 255);
        }
        bits = bits << 6 | map.indexOf(input.charAt(idx));
      }
      const tailbits = max % 4 * 6;
      if (tailbits === 0) {
        result.push(bits >> 16 & 255);
        result.push(bits >> 8 & 255);
        result.push(bits & 255);
      } else if (tailbits === 18) {
        result.push(bits >> 10 & 255);
        result.push(bits >> 2 & 255);
      } else if (tailbits === 12) {
        result.push(bits >> 4 & 255);
      }
      return new Uint8Array(result);
    }
    function representYamlBinary(object) {
      let result = "";
      let bits = 0;
      const max = object.length;
      const map = BASE64_MAP;
      for (let idx = 0; idx < max; idx++) {
        if (idx % 3 === 0 && idx) {
          result += map[bits >> 18 & 63];
          result += map[bits >> 12 & 63];
          result += map[bits >> 6 & 63];
          result += map[bits & 63];
        }
        bits = (bits << 8) + object[idx];
      }
      const tail = max % 3;
      if (tail === 0) {
        result += map[bits >> 18 & 63];
        result += map[bits >> 12 & 63];
        result += map[bits >> 6 & 63];
        result += map[bits & 63];
      } else if (tail === 2) {
        result += map[bits >> 10 & 63];
        result += map[bits >> 4 & 63];
        result += map[bits << 2 & 63];
        result += map[64];
      } else if (tail === 1) {
        result += map[bits >> 2 & 63];
        result += map[bits << 4 & 63];
        result += map[64];
        result += map[64];
      }
      return result;
    }
    function isBinary2(obj) {
      return Object.prototype.toString.call(obj) === "[object Uint8Array]";
    }
    module.exports = new Type("tag:yaml.org,2002:binary", {
      kind: "scalar",
      resolve: resolveYamlBinary,
      construct: constructYamlBinary,
      predicate: isBinary2,
      represent: representYamlBinary
    });
  }
});

// node_modules/js-yaml/lib/type/omap.js
var require_omap = __commonJS({
  "node_modules/js-yaml/lib/type/omap.js"(exports, module) {
    "use strict";
    var Type = require_type();
    var _hasOwnProperty = Object.prototype.hasOwnProperty;
    var _toString = Object.prototype.toString;
    function resolveYamlOmap(data) {
      if (data === null) return true;
      const objectKeys = {};
      const object = data;
      for (let index = 0, length = object.length; index < length; index += 1) {
        const pair = object[index];
        let pairHasKey = false;
        if (_toString.call(pair) !== "[object Object]") return false;
        let pairKey;
        for (pairKey in pair) {
          if (_hasOwnProperty.call(pair, pairKey)) {
            if (!pairHasKey) pairHasKey = true;
            else return false;
          }
        }
        if (!pairHasKey) return false;
        if (_hasOwnProperty.call(objectKeys, pairKey)) return false;
        Object.defineProperty(objectKeys, pairKey, { value: true });
      }
      return true;
    }
    function constructYamlOmap(data) {
      return data !== null ? data : [];
    }
    module.exports = new Type("tag:yaml.org,2002:omap", {
      kind: "sequence",
      resolve: resolveYamlOmap,
      construct: constructYamlOmap
    });
  }
});

// node_modules/js-yaml/lib/type/pairs.js
var require_pairs = __commonJS({
  "node_modules/js-yaml/lib/type/pairs.js"(exports, module) {
    "use strict";
    var Type = require_type();
    var _toString = Object.prototype.toString;
    function resolveYamlPairs(data) {
      if (data === null) return true;
      const object = data;
      const result = new Array(object.length);
      for (let index = 0, length = object.length; index < length; index += 1) {
        const pair = object[index];
        if (_toString.call(pair) !== "[object Object]") return false;
        const keys = Object.keys(pair);
        if (keys.length !== 1) return false;
        result[index] = [keys[0], pair[keys[0]]];
      }
      return true;
    }
    function constructYamlPairs(data) {
      if (data === null) return [];
      const object = data;
      const result = new Array(object.length);
      for (let index = 0, length = object.length; index < length; index += 1) {
        const pair = object[index];
        const keys = Object.keys(pair);
        result[index] = [keys[0], pair[keys[0]]];
      }
      return result;
    }
    module.exports = new Type("tag:yaml.org,2002:pairs", {
      kind: "sequence",
      resolve: resolveYamlPairs,
      construct: constructYamlPairs
    });
  }
});

// node_modules/js-yaml/lib/type/set.js
var require_set = __commonJS({
  "node_modules/js-yaml/lib/type/set.js"(exports, module) {
    "use strict";
    var Type = require_type();
    var _hasOwnProperty = Object.prototype.hasOwnProperty;
    function resolveYamlSet(data) {
      if (data === null) return true;
      const object = data;
      for (const key in object) {
        if (_hasOwnProperty.call(object, key)) {
          if (object[key] !== null) return false;
        }
      }
      return true;
    }
    function constructYamlSet(data) {
      return data !== null ? data : {};
    }
    module.exports = new Type("tag:yaml.org,2002:set", {
      kind: "mapping",
      resolve: resolveYamlSet,
      construct: constructYamlSet
    });
  }
});

// node_modules/js-yaml/lib/schema/default.js
var require_default = __commonJS({
  "node_modules/js-yaml/lib/schema/default.js"(exports, module) {
    "use strict";
    module.exports = require_core().extend({
      implicit: [
        require_timestamp(),
        require_merge()
      ],
      explicit: [
        require_binary(),
        require_omap(),
        require_pairs(),
        require_set()
      ]
    });
  }
});

// node_modules/js-yaml/lib/loader.js
var require_loader = __commonJS({
  "node_modules/js-yaml/lib/loader.js"(exports, module) {
    "use strict";
    var common = require_common();
    var YAMLException = require_exception();
    var makeSnippet = require_snippet();
    var DEFAULT_SCHEMA = require_default();
    var _hasOwnProperty = Object.prototype.hasOwnProperty;
    var CONTEXT_FLOW_IN = 1;
    var CONTEXT_FLOW_OUT = 2;
    var CONTEXT_BLOCK_IN = 3;
    var CONTEXT_BLOCK_OUT = 4;
    var CHOMPING_CLIP = 1;
    var CHOMPING_STRIP = 2;
    var CHOMPING_KEEP = 3;
    var PATTERN_NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
    var PATTERN_NON_ASCII_LINE_BREAKS = /[\x85\u2028\u2029]/;
    var PATTERN_FLOW_INDICATORS = /[,\[\]{}]/;
    var PATTERN_TAG_HANDLE = /^(?:!|!!|![0-9A-Za-z-]+!)$/;
    var PATTERN_TAG_URI = /^(?:!|[^,\[\]{}])(?:%[0-9a-f]{2}|[0-9a-z\-#;/?:@&=+$,_.!~*'()\[\]])*$/i;
    function _class(obj) {
      return Object.prototype.toString.call(obj);
    }
    function isEol(c) {
      return c === 10 || c === 13;
    }
    function isWhiteSpace(c) {
      return c === 9 || c === 32;
    }
    function isWsOrEol(c) {
      return c === 9 || c === 32 || c === 10 || c === 13;
    }
    function isFlowIndicator(c) {
      return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
    }
    function fromHexCode(c) {
      if (c >= 48 && c <= 57) {
        return c - 48;
      }
      const lc = c | 32;
      if (lc >= 97 && lc <= 102) {
        return lc - 97 + 10;
      }
      return -1;
    }
    function escapedHexLen(c) {
      if (c === 120) {
        return 2;
      }
      if (c === 117) {
        return 4;
      }
      if (c === 85) {
        return 8;
      }
      return 0;
    }
    function fromDecimalCode(c) {
      if (c >= 48 && c <= 57) {
        return c - 48;
      }
      return -1;
    }
    function simpleEscapeSequence(c) {
      switch (c) {
        case 48:
          return "\0";
        case 97:
          return "\x07";
        case 98:
          return "\b";
        case 116:
          return "	";
        case 9:
          return "	";
        case 110:
          return "\n";
        case 118:
          return "\v";
        case 102:
          return "\f";
        case 114:
          return "\r";
        case 101:
          return "\x1B";
        case 32:
          return " ";
        case 34:
          return '"';
        case 47:
          return "/";
        case 92:
          return "\\";
        case 78:
          return "\x85";
        case 95:
          return "\xA0";
        case 76:
          return "\u2028";
        case 80:
          return "\u2029";
        default:
          return "";
      }
    }
    function charFromCodepoint(c) {
      if (c <= 65535) {
        return String.fromCharCode(c);
      }
      return String.fromCharCode(
        (c - 65536 >> 10) + 55296,
        (c - 65536 & 1023) + 56320
      );
    }
    function setProperty(object, key, value) {
      if (key === "__proto__") {
        Object.defineProperty(object, key, {
          configurable: true,
          enumerable: true,
          writable: true,
          value
        });
      } else {
        object[key] = value;
      }
    }
    var simpleEscapeCheck = new Array(256);
    var simpleEscapeMap = new Array(256);
    for (let i = 0; i < 256; i++) {
      simpleEscapeCheck[i] = simpleEscapeSequence(i) ? 1 : 0;
      simpleEscapeMap[i] = simpleEscapeSequence(i);
    }
    function State(input, options) {
      this.input = input;
      this.filename = options["filename"] || null;
      this.schema = options["schema"] || DEFAULT_SCHEMA;
      this.onWarning = options["onWarning"] || null;
      this.legacy = options["legacy"] || false;
      this.json = options["json"] || false;
      this.listener = options["listener"] || null;
      this.maxDepth = typeof options["maxDepth"] === "number" ? options["maxDepth"] : 100;
      this.maxTotalMergeKeys = typeof options["maxTotalMergeKeys"] === "number" ? options["maxTotalMergeKeys"] : 1e4;
      this.implicitTypes = this.schema.compiledImplicit;
      this.typeMap = this.schema.compiledTypeMap;
      this.length = input.length;
      this.position = 0;
      this.line = 0;
      this.lineStart = 0;
      this.lineIndent = 0;
      this.depth = 0;
      this.totalMergeKeys = 0;
      this.firstTabInLine = -1;
      this.documents = [];
      this.anchorMapTransactions = [];
    }
    function generateError(state, message) {
      const mark = {
        name: state.filename,
        buffer: state.input.slice(0, -1),
        // omit trailing \0
        position: state.position,
        line: state.line,
        column: state.position - state.lineStart
      };
      mark.snippet = makeSnippet(mark);
      return new YAMLException(message, mark);
    }
    function throwError(state, message) {
      throw generateError(state, message);
    }
    function throwWarning(state, message) {
      if (state.onWarning) {
        state.onWarning.call(null, generateError(state, message));
      }
    }
    function storeAnchor(state, name, value) {
      const transactions = state.anchorMapTransactions;
      if (transactions.length !== 0) {
        const transaction = transactions[transactions.length - 1];
        if (!_hasOwnProperty.call(transaction, name)) {
          transaction[name] = {
            existed: _hasOwnProperty.call(state.anchorMap, name),
            value: state.anchorMap[name]
          };
        }
      }
      state.anchorMap[name] = value;
    }
    function beginAnchorTransaction(state) {
      state.anchorMapTransactions.push(/* @__PURE__ */ Object.create(null));
    }
    function commitAnchorTransaction(state) {
      const transaction = state.anchorMapTransactions.pop();
      const transactions = state.anchorMapTransactions;
      if (transactions.length === 0) return;
      const parent = transactions[transactions.length - 1];
      const names = Object.keys(transaction);
      for (let index = 0, length = names.length; index < length; index += 1) {
        const name = names[index];
        if (!_hasOwnProperty.call(parent, name)) {
          parent[name] = transaction[name];
        }
      }
    }
    function rollbackAnchorTransaction(state) {
      const transaction = state.anchorMapTransactions.pop();
      const names = Object.keys(transaction);
      for (let index = names.length - 1; index >= 0; index -= 1) {
        const entry = transaction[names[index]];
        if (entry.existed) {
          state.anchorMap[names[index]] = entry.value;
        } else {
          delete state.anchorMap[names[index]];
        }
      }
    }
    function snapshotState(state) {
      return {
        position: state.position,
        line: state.line,
        lineStart: state.lineStart,
        lineIndent: state.lineIndent,
        firstTabInLine: state.firstTabInLine,
        tag: state.tag,
        anchor: state.anchor,
        kind: state.kind,
        result: state.result
      };
    }
    function restoreState(state, snapshot) {
      state.position = snapshot.position;
      state.line = snapshot.line;
      state.lineStart = snapshot.lineStart;
      state.lineIndent = snapshot.lineIndent;
      state.firstTabInLine = snapshot.firstTabInLine;
      state.tag = snapshot.tag;
      state.anchor = snapshot.anchor;
      state.kind = snapshot.kind;
      state.result = snapshot.result;
    }
    var directiveHandlers = {
      YAML: function handleYamlDirective(state, name, args) {
        if (state.version !== null) {
          throwError(state, "duplication of %YAML directive");
        }
        if (args.length !== 1) {
          throwError(state, "YAML directive accepts exactly one argument");
        }
        const match = /^([0-9]+)\.([0-9]+)$/.exec(args[0]);
        if (match === null) {
          throwError(state, "ill-formed argument of the YAML directive");
        }
        const major = parseInt(match[1], 10);
        const minor = parseInt(match[2], 10);
        if (major !== 1) {
          throwError(state, "unacceptable YAML version of the document");
        }
        state.version = args[0];
        state.checkLineBreaks = minor < 2;
        if (minor !== 1 && minor !== 2) {
          throwWarning(state, "unsupported YAML version of the document");
        }
      },
      TAG: function handleTagDirective(state, name, args) {
        let prefix;
        if (args.length !== 2) {
          throwError(state, "TAG directive accepts exactly two arguments");
        }
        const handle = args[0];
        prefix = args[1];
        if (!PATTERN_TAG_HANDLE.test(handle)) {
          throwError(state, "ill-formed tag handle (first argument) of the TAG directive");
        }
        if (_hasOwnProperty.call(state.tagMap, handle)) {
          throwError(state, 'there is a previously declared suffix for "' + handle + '" tag handle');
        }
        if (!PATTERN_TAG_URI.test(prefix)) {
          throwError(state, "ill-formed tag prefix (second argument) of the TAG directive");
        }
        try {
          prefix = decodeURIComponent(prefix);
        } catch (err) {
          throwError(state, "tag prefix is malformed: " + prefix);
        }
        state.tagMap[handle] = prefix;
      }
    };
    function captureSegment(state, start, end, checkJson) {
      if (start < end) {
        const _result = state.input.slice(start, end);
        if (checkJson) {
          for (let _position = 0, _length = _result.length; _position < _length; _position += 1) {
            const _character = _result.charCodeAt(_position);
            if (!(_character === 9 || _character >= 32 && _character <= 1114111)) {
              throwError(state, "expected valid JSON character");
            }
          }
        } else if (PATTERN_NON_PRINTABLE.test(_result)) {
          throwError(state, "the stream contains non-printable characters");
        }
        state.result += _result;
      }
    }
    function chargeMergeWork(state) {
      state.totalMergeKeys++;
      if (state.maxTotalMergeKeys !== -1 && state.totalMergeKeys > state.maxTotalMergeKeys) {
        throwError(state, "merge keys exceeded maxTotalMergeKeys (" + state.maxTotalMergeKeys + ")");
      }
    }
    function mergeMappings(state, destination, source, overridableKeys) {
      if (!common.isObject(source)) {
        throwError(state, "cannot merge mappings; the provided source object is unacceptable");
      }
      chargeMergeWork(state);
      const sourceKeys = Object.keys(source);
      for (let index = 0, quantity = sourceKeys.length; index < quantity; index += 1) {
        const key = sourceKeys[index];
        chargeMergeWork(state);
        if (!_hasOwnProperty.call(destination, key)) {
          setProperty(destination, key, source[key]);
          overridableKeys[key] = true;
        }
      }
    }
    function storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, valueNode, startLine, startLineStart, startPos) {
      if (Array.isArray(keyNode)) {
        keyNode = Array.prototype.slice.call(keyNode);
        for (let index = 0, quantity = keyNode.length; index < quantity; index += 1) {
          if (Array.isArray(keyNode[index])) {
            throwError(state, "nested arrays are not supported inside keys");
          }
          if (typeof keyNode === "object" && _class(keyNode[index]) === "[object Object]") {
            keyNode[index] = "[object Object]";
          }
        }
      }
      if (typeof keyNode === "object" && _class(keyNode) === "[object Object]") {
        keyNode = "[object Object]";
      }
      keyNode = String(keyNode);
      if (_result === null) {
        _result = {};
      }
      if (keyTag === "tag:yaml.org,2002:merge") {
        if (Array.isArray(valueNode)) {
          if (valueNode.length > 100) {
            throwError(state, "abnormal merge sequence size");
          }
          for (let index = 0, quantity = valueNode.length; index < quantity; index += 1) {
            mergeMappings(state, _result, valueNode[index], overridableKeys);
          }
        } else {
          mergeMappings(state, _result, valueNode, overridableKeys);
        }
      } else {
        if (!state.json && !_hasOwnProperty.call(overridableKeys, keyNode) && _hasOwnProperty.call(_result, keyNode)) {
          state.line = startLine || state.line;
          state.lineStart = startLineStart || state.lineStart;
          state.position = startPos || state.position;
          throwError(state, "duplicated mapping key");
        }
        setProperty(_result, keyNode, valueNode);
        delete overridableKeys[keyNode];
      }
      return _result;
    }
    function readLineBreak(state) {
      const ch = state.input.charCodeAt(state.position);
      if (ch === 10) {
        state.position++;
      } else if (ch === 13) {
        state.position++;
        if (state.input.charCodeAt(state.position) === 10) {
          state.position++;
        }
      } else {
        throwError(state, "a line break is expected");
      }
      state.line += 1;
      state.lineStart = state.position;
      state.firstTabInLine = -1;
    }
    function skipSeparationSpace(state, allowComments, checkIndent) {
      let lineBreaks = 0;
      let ch = state.input.charCodeAt(state.position);
      while (ch !== 0) {
        while (isWhiteSpace(ch)) {
          if (ch === 9 && state.firstTabInLine === -1) {
            state.firstTabInLine = state.position;
          }
          ch = state.input.charCodeAt(++state.position);
        }
        if (allowComments && ch === 35) {
          do {
            ch = state.input.charCodeAt(++state.position);
          } while (ch !== 10 && ch !== 13 && ch !== 0);
        }
        if (isEol(ch)) {
          readLineBreak(state);
          ch = state.input.charCodeAt(state.position);
          lineBreaks++;
          state.lineIndent = 0;
          while (ch === 32) {
            state.lineIndent++;
            ch = state.input.charCodeAt(++state.position);
          }
        } else {
          break;
        }
      }
      if (checkIndent !== -1 && lineBreaks !== 0 && state.lineIndent < checkIndent) {
        throwWarning(state, "deficient indentation");
      }
      return lineBreaks;
    }
    function testDocumentSeparator(state) {
      let _position = state.position;
      let ch = state.input.charCodeAt(_position);
      if ((ch === 45 || ch === 46) && ch === state.input.charCodeAt(_position + 1) && ch === state.input.charCodeAt(_position + 2)) {
        _position += 3;
        ch = state.input.charCodeAt(_position);
        if (ch === 0 || isWsOrEol(ch)) {
          return true;
        }
      }
      return false;
    }
    function writeFoldedLines(state, count2) {
      if (count2 === 1) {
        state.result += " ";
      } else if (count2 > 1) {
        state.result += common.repeat("\n", count2 - 1);
      }
    }
    function readPlainScalar(state, nodeIndent, withinFlowCollection) {
      let captureStart;
      let captureEnd;
      let hasPendingContent;
      let _line;
      let _lineStart;
      let _lineIndent;
      const _kind = state.kind;
      const _result = state.result;
      let ch = state.input.charCodeAt(state.position);
      if (isWsOrEol(ch) || isFlowIndicator(ch) || ch === 35 || ch === 38 || ch === 42 || ch === 33 || ch === 124 || ch === 62 || ch === 39 || ch === 34 || ch === 37 || ch === 64 || ch === 96) {
        return false;
      }
      if (ch === 63 || ch === 45) {
        const following = state.input.charCodeAt(state.position + 1);
        if (isWsOrEol(following) || withinFlowCollection && isFlowIndicator(following)) {
          return false;
        }
      }
      state.kind = "scalar";
      state.result = "";
      captureStart = captureEnd = state.position;
      hasPendingContent = false;
      while (ch !== 0) {
        if (ch === 58) {
          const following = state.input.charCodeAt(state.position + 1);
          if (isWsOrEol(following) || withinFlowCollection && isFlowIndicator(following)) {
            break;
          }
        } else if (ch === 35) {
          const preceding = state.input.charCodeAt(state.position - 1);
          if (isWsOrEol(preceding)) {
            break;
          }
        } else if (state.position === state.lineStart && testDocumentSeparator(state) || withinFlowCollection && isFlowIndicator(ch)) {
          break;
        } else if (isEol(ch)) {
          _line = state.line;
          _lineStart = state.lineStart;
          _lineIndent = state.lineIndent;
          skipSeparationSpace(state, false, -1);
          if (state.lineIndent >= nodeIndent) {
            hasPendingContent = true;
            ch = state.input.charCodeAt(state.position);
            continue;
          } else {
            state.position = captureEnd;
            state.line = _line;
            state.lineStart = _lineStart;
            state.lineIndent = _lineIndent;
            break;
          }
        }
        if (hasPendingContent) {
          captureSegment(state, captureStart, captureEnd, false);
          writeFoldedLines(state, state.line - _line);
          captureStart = captureEnd = state.position;
          hasPendingContent = false;
        }
        if (!isWhiteSpace(ch)) {
          captureEnd = state.position + 1;
        }
        ch = state.input.charCodeAt(++state.position);
      }
      captureSegment(state, captureStart, captureEnd, false);
      if (state.result) {
        return true;
      }
      state.kind = _kind;
      state.result = _result;
      return false;
    }
    function readSingleQuotedScalar(state, nodeIndent) {
      let captureStart;
      let captureEnd;
      let ch = state.input.charCodeAt(state.position);
      if (ch !== 39) {
        return false;
      }
      state.kind = "scalar";
      state.result = "";
      state.position++;
      captureStart = captureEnd = state.position;
      while ((ch = state.input.charCodeAt(state.position)) !== 0) {
        if (ch === 39) {
          captureSegment(state, captureStart, state.position, true);
          ch = state.input.charCodeAt(++state.position);
          if (ch === 39) {
            captureStart = state.position;
            state.position++;
            captureEnd = state.position;
          } else {
            return true;
          }
        } else if (isEol(ch)) {
          captureSegment(state, captureStart, captureEnd, true);
          writeFoldedLines(state, skipSeparationSpace(state, false, nodeIndent));
          captureStart = captureEnd = state.position;
        } else if (state.position === state.lineStart && testDocumentSeparator(state)) {
          throwError(state, "unexpected end of the document within a single quoted scalar");
        } else {
          state.position++;
          if (!isWhiteSpace(ch)) {
            captureEnd = state.position;
          }
        }
      }
      throwError(state, "unexpected end of the stream within a single quoted scalar");
    }
    function readDoubleQuotedScalar(state, nodeIndent) {
      let captureStart;
      let captureEnd;
      let tmp;
      let ch = state.input.charCodeAt(state.position);
      if (ch !== 34) {
        return false;
      }
      state.kind = "scalar";
      state.result = "";
      state.position++;
      captureStart = captureEnd = state.position;
      while ((ch = state.input.charCodeAt(state.position)) !== 0) {
        if (ch === 34) {
          captureSegment(state, captureStart, state.position, true);
          state.position++;
          return true;
        } else if (ch === 92) {
          captureSegment(state, captureStart, state.position, true);
          ch = state.input.charCodeAt(++state.position);
          if (isEol(ch)) {
            skipSeparationSpace(state, false, nodeIndent);
          } else if (ch < 256 && simpleEscapeCheck[ch]) {
            state.result += simpleEscapeMap[ch];
            state.position++;
          } else if ((tmp = escapedHexLen(ch)) > 0) {
            let hexLength = tmp;
            let hexResult = 0;
            for (; hexLength > 0; hexLength--) {
              ch = state.input.charCodeAt(++state.position);
              if ((tmp = fromHexCode(ch)) >= 0) {
                hexResult = (hexResult << 4) + tmp;
              } else {
                throwError(state, "expected hexadecimal character");
              }
            }
            state.result += charFromCodepoint(hexResult);
            state.position++;
          } else {
            throwError(state, "unknown escape sequence");
          }
          captureStart = captureEnd = state.position;
        } else if (isEol(ch)) {
          captureSegment(state, captureStart, captureEnd, true);
          writeFoldedLines(state, skipSeparationSpace(state, false, nodeIndent));
          captureStart = captureEnd = state.position;
        } else if (state.position === state.lineStart && testDocumentSeparator(state)) {
          throwError(state, "unexpected end of the document within a double quoted scalar");
        } else {
          state.position++;
          if (!isWhiteSpace(ch)) {
            captureEnd = state.position;
          }
        }
      }
      throwError(state, "unexpected end of the stream within a double quoted scalar");
    }
    function readFlowCollection(state, nodeIndent) {
      let readNext = true;
      let _line;
      let _lineStart;
      let _pos;
      const _tag = state.tag;
      let _result;
      const _anchor = state.anchor;
      let terminator;
      let isPair;
      let isExplicitPair;
      let isMapping;
      const overridableKeys = /* @__PURE__ */ Object.create(null);
      let keyNode;
      let keyTag;
      let valueNode;
      let ch = state.input.charCodeAt(state.position);
      if (ch === 91) {
        terminator = 93;
        isMapping = false;
        _result = [];
      } else if (ch === 123) {
        terminator = 125;
        isMapping = true;
        _result = {};
      } else {
        return false;
      }
      if (state.anchor !== null) {
        storeAnchor(state, state.anchor, _result);
      }
      ch = state.input.charCodeAt(++state.position);
      while (ch !== 0) {
        skipSeparationSpace(state, true, nodeIndent);
        ch = state.input.charCodeAt(state.position);
        if (ch === terminator) {
          state.position++;
          state.tag = _tag;
          state.anchor = _anchor;
          state.kind = isMapping ? "mapping" : "sequence";
          state.result = _result;
          return true;
        } else if (!readNext) {
          throwError(state, "missed comma between flow collection entries");
        } else if (ch === 44) {
          throwError(state, "expected the node content, but found ','");
        }
        keyTag = keyNode = valueNode = null;
        isPair = isExplicitPair = false;
        if (ch === 63) {
          const following = state.input.charCodeAt(state.position + 1);
          if (isWsOrEol(following)) {
            isPair = isExplicitPair = true;
            state.position++;
            skipSeparationSpace(state, true, nodeIndent);
          }
        }
        _line = state.line;
        _lineStart = state.lineStart;
        _pos = state.position;
        composeNode(state, nodeIndent, CONTEXT_FLOW_IN, false, true);
        keyTag = state.tag;
        keyNode = state.result;
        skipSeparationSpace(state, true, nodeIndent);
        ch = state.input.charCodeAt(state.position);
        if ((isExplicitPair || state.line === _line) && ch === 58) {
          isPair = true;
          ch = state.input.charCodeAt(++state.position);
          skipSeparationSpace(state, true, nodeIndent);
          composeNode(state, nodeIndent, CONTEXT_FLOW_IN, false, true);
          valueNode = state.result;
        }
        if (isMapping) {
          storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, valueNode, _line, _lineStart, _pos);
        } else if (isPair) {
          _result.push(storeMappingPair(state, null, overridableKeys, keyTag, keyNode, valueNode, _line, _lineStart, _pos));
        } else {
          _result.push(keyNode);
        }
        skipSeparationSpace(state, true, nodeIndent);
        ch = state.input.charCodeAt(state.position);
        if (ch === 44) {
          readNext = true;
          ch = state.input.charCodeAt(++state.position);
        } else {
          readNext = false;
        }
      }
      throwError(state, "unexpected end of the stream within a flow collection");
    }
    function readBlockScalar(state, nodeIndent) {
      let folding;
      let chomping = CHOMPING_CLIP;
      let didReadContent = false;
      let detectedIndent = false;
      let textIndent = nodeIndent;
      let emptyLines = 0;
      let atMoreIndented = false;
      let tmp;
      let ch = state.input.charCodeAt(state.position);
      if (ch === 124) {
        folding = false;
      } else if (ch === 62) {
        folding = true;
      } else {
        return false;
      }
      state.kind = "scalar";
      state.result = "";
      while (ch !== 0) {
        ch = state.input.charCodeAt(++state.position);
        if (ch === 43 || ch === 45) {
          if (CHOMPING_CLIP === chomping) {
            chomping = ch === 43 ? CHOMPING_KEEP : CHOMPING_STRIP;
          } else {
            throwError(state, "repeat of a chomping mode identifier");
          }
        } else if ((tmp = fromDecimalCode(ch)) >= 0) {
          if (tmp === 0) {
            throwError(state, "bad explicit indentation width of a block scalar; it cannot be less than one");
          } else if (!detectedIndent) {
            textIndent = nodeIndent + tmp - 1;
            detectedIndent = true;
          } else {
            throwError(state, "repeat of an indentation width identifier");
          }
        } else {
          break;
        }
      }
      if (isWhiteSpace(ch)) {
        do {
          ch = state.input.charCodeAt(++state.position);
        } while (isWhiteSpace(ch));
        if (ch === 35) {
          do {
            ch = state.input.charCodeAt(++state.position);
          } while (!isEol(ch) && ch !== 0);
        }
      }
      while (ch !== 0) {
        readLineBreak(state);
        state.lineIndent = 0;
        ch = state.input.charCodeAt(state.position);
        while ((!detectedIndent || state.lineIndent < textIndent) && ch === 32) {
          state.lineIndent++;
          ch = state.input.charCodeAt(++state.position);
        }
        if (!detectedIndent && state.lineIndent > textIndent) {
          textIndent = state.lineIndent;
        }
        if (isEol(ch)) {
          emptyLines++;
          continue;
        }
        if (!detectedIndent && textIndent === 0) {
          throwError(state, "missing indentation for block scalar");
        }
        if (state.lineIndent < textIndent) {
          if (chomping === CHOMPING_KEEP) {
            state.result += common.repeat("\n", didReadContent ? 1 + emptyLines : emptyLines);
          } else if (chomping === CHOMPING_CLIP) {
            if (didReadContent) {
              state.result += "\n";
            }
          }
          break;
        }
        if (folding) {
          if (isWhiteSpace(ch)) {
            atMoreIndented = true;
            state.result += common.repeat("\n", didReadContent ? 1 + emptyLines : emptyLines);
          } else if (atMoreIndented) {
            atMoreIndented = false;
            state.result += common.repeat("\n", emptyLines + 1);
          } else if (emptyLines === 0) {
            if (didReadContent) {
              state.result += " ";
            }
          } else {
            state.result += common.repeat("\n", emptyLines);
          }
        } else {
          state.result += common.repeat("\n", didReadContent ? 1 + emptyLines : emptyLines);
        }
        didReadContent = true;
        detectedIndent = true;
        emptyLines = 0;
        const captureStart = state.position;
        while (!isEol(ch) && ch !== 0) {
          ch = state.input.charCodeAt(++state.position);
        }
        captureSegment(state, captureStart, state.position, false);
      }
      return true;
    }
    function readBlockSequence(state, nodeIndent) {
      const _tag = state.tag;
      const _anchor = state.anchor;
      const _result = [];
      let detected = false;
      if (state.firstTabInLine !== -1) return false;
      if (state.anchor !== null) {
        storeAnchor(state, state.anchor, _result);
      }
      let ch = state.input.charCodeAt(state.position);
      while (ch !== 0) {
        if (state.firstTabInLine !== -1) {
          state.position = state.firstTabInLine;
          throwError(state, "tab characters must not be used in indentation");
        }
        if (ch !== 45) {
          break;
        }
        const following = state.input.charCodeAt(state.position + 1);
        if (!isWsOrEol(following)) {
          break;
        }
        detected = true;
        state.position++;
        if (skipSeparationSpace(state, true, -1)) {
          if (state.lineIndent <= nodeIndent) {
            _result.push(null);
            ch = state.input.charCodeAt(state.position);
            continue;
          }
        }
        const _line = state.line;
        composeNode(state, nodeIndent, CONTEXT_BLOCK_IN, false, true);
        _result.push(state.result);
        skipSeparationSpace(state, true, -1);
        ch = state.input.charCodeAt(state.position);
        if ((state.line === _line || state.lineIndent > nodeIndent) && ch !== 0) {
          throwError(state, "bad indentation of a sequence entry");
        } else if (state.lineIndent < nodeIndent) {
          break;
        }
      }
      if (detected) {
        state.tag = _tag;
        state.anchor = _anchor;
        state.kind = "sequence";
        state.result = _result;
        return true;
      }
      return false;
    }
    function readBlockMapping(state, nodeIndent, flowIndent) {
      let allowCompact;
      let _keyLine;
      let _keyLineStart;
      let _keyPos;
      const _tag = state.tag;
      const _anchor = state.anchor;
      const _result = {};
      const overridableKeys = /* @__PURE__ */ Object.create(null);
      let keyTag = null;
      let keyNode = null;
      let valueNode = null;
      let atExplicitKey = false;
      let detected = false;
      if (state.firstTabInLine !== -1) return false;
      if (state.anchor !== null) {
        storeAnchor(state, state.anchor, _result);
      }
      let ch = state.input.charCodeAt(state.position);
      while (ch !== 0) {
        if (!atExplicitKey && state.firstTabInLine !== -1) {
          state.position = state.firstTabInLine;
          throwError(state, "tab characters must not be used in indentation");
        }
        const following = state.input.charCodeAt(state.position + 1);
        const _line = state.line;
        if ((ch === 63 || ch === 58) && isWsOrEol(following)) {
          if (ch === 63) {
            if (atExplicitKey) {
              storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, null, _keyLine, _keyLineStart, _keyPos);
              keyTag = keyNode = valueNode = null;
            }
            detected = true;
            atExplicitKey = true;
            allowCompact = true;
          } else if (atExplicitKey) {
            atExplicitKey = false;
            allowCompact = true;
          } else {
            throwError(state, "incomplete explicit mapping pair; a key node is missed; or followed by a non-tabulated empty line");
          }
          state.position += 1;
          ch = following;
        } else {
          _keyLine = state.line;
          _keyLineStart = state.lineStart;
          _keyPos = state.position;
          if (!composeNode(state, flowIndent, CONTEXT_FLOW_OUT, false, true)) {
            break;
          }
          if (state.line === _line) {
            ch = state.input.charCodeAt(state.position);
            while (isWhiteSpace(ch)) {
              ch = state.input.charCodeAt(++state.position);
            }
            if (ch === 58) {
              ch = state.input.charCodeAt(++state.position);
              if (!isWsOrEol(ch)) {
                throwError(state, "a whitespace character is expected after the key-value separator within a block mapping");
              }
              if (atExplicitKey) {
                storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, null, _keyLine, _keyLineStart, _keyPos);
                keyTag = keyNode = valueNode = null;
              }
              detected = true;
              atExplicitKey = false;
              allowCompact = false;
              keyTag = state.tag;
              keyNode = state.result;
            } else if (detected) {
              throwError(state, "can not read an implicit mapping pair; a colon is missed");
            } else {
              state.tag = _tag;
              state.anchor = _anchor;
              return true;
            }
          } else if (detected) {
            throwError(state, "can not read a block mapping entry; a multiline key may not be an implicit key");
          } else {
            state.tag = _tag;
            state.anchor = _anchor;
            return true;
          }
        }
        if (state.line === _line || state.lineIndent > nodeIndent) {
          if (atExplicitKey) {
            _keyLine = state.line;
            _keyLineStart = state.lineStart;
            _keyPos = state.position;
          }
          if (composeNode(state, nodeIndent, CONTEXT_BLOCK_OUT, true, allowCompact)) {
            if (atExplicitKey) {
              keyNode = state.result;
            } else {
              valueNode = state.result;
            }
          }
          if (!atExplicitKey) {
            storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, valueNode, _keyLine, _keyLineStart, _keyPos);
            keyTag = keyNode = valueNode = null;
          }
          skipSeparationSpace(state, true, -1);
          ch = state.input.charCodeAt(state.position);
        }
        if ((state.line === _line || state.lineIndent > nodeIndent) && ch !== 0) {
          throwError(state, "bad indentation of a mapping entry");
        } else if (state.lineIndent < nodeIndent) {
          break;
        }
      }
      if (atExplicitKey) {
        storeMappingPair(state, _result, overridableKeys, keyTag, keyNode, null, _keyLine, _keyLineStart, _keyPos);
      }
      if (detected) {
        state.tag = _tag;
        state.anchor = _anchor;
        state.kind = "mapping";
        state.result = _result;
      }
      return detected;
    }
    function readTagProperty(state) {
      let isVerbatim = false;
      let isNamed = false;
      let tagHandle;
      let tagName;
      let ch = state.input.charCodeAt(state.position);
      if (ch !== 33) return false;
      if (state.tag !== null) {
        throwError(state, "duplication of a tag property");
      }
      ch = state.input.charCodeAt(++state.position);
      if (ch === 60) {
        isVerbatim = true;
        ch = state.input.charCodeAt(++state.position);
      } else if (ch === 33) {
        isNamed = true;
        tagHandle = "!!";
        ch = state.input.charCodeAt(++state.position);
      } else {
        tagHandle = "!";
      }
      let _position = state.position;
      if (isVerbatim) {
        do {
          ch = state.input.charCodeAt(++state.position);
        } while (ch !== 0 && ch !== 62);
        if (state.position < state.length) {
          tagName = state.input.slice(_position, state.position);
          ch = state.input.charCodeAt(++state.position);
        } else {
          throwError(state, "unexpected end of the stream within a verbatim tag");
        }
      } else {
        while (ch !== 0 && !isWsOrEol(ch)) {
          if (ch === 33) {
            if (!isNamed) {
              tagHandle = state.input.slice(_position - 1, state.position + 1);
              if (!PATTERN_TAG_HANDLE.test(tagHandle)) {
                throwError(state, "named tag handle cannot contain such characters");
              }
              isNamed = true;
              _position = state.position + 1;
            } else {
              throwError(state, "tag suffix cannot contain exclamation marks");
            }
          }
          ch = state.input.charCodeAt(++state.position);
        }
        tagName = state.input.slice(_position, state.position);
        if (PATTERN_FLOW_INDICATORS.test(tagName)) {
          throwError(state, "tag suffix cannot contain flow indicator characters");
        }
      }
      if (tagName && !PATTERN_TAG_URI.test(tagName)) {
        throwError(state, "tag name cannot contain such characters: " + tagName);
      }
      try {
        tagName = decodeURIComponent(tagName);
      } catch (err) {
        throwError(state, "tag name is malformed: " + tagName);
      }
      if (isVerbatim) {
        state.tag = tagName;
      } else if (_hasOwnProperty.call(state.tagMap, tagHandle)) {
        state.tag = state.tagMap[tagHandle] + tagName;
      } else if (tagHandle === "!") {
        state.tag = "!" + tagName;
      } else if (tagHandle === "!!") {
        state.tag = "tag:yaml.org,2002:" + tagName;
      } else {
        throwError(state, 'undeclared tag handle "' + tagHandle + '"');
      }
      return true;
    }
    function readAnchorProperty(state) {
      let ch = state.input.charCodeAt(state.position);
      if (ch !== 38) return false;
      if (state.anchor !== null) {
        throwError(state, "duplication of an anchor property");
      }
      ch = state.input.charCodeAt(++state.position);
      const _position = state.position;
      while (ch !== 0 && !isWsOrEol(ch) && !isFlowIndicator(ch)) {
        ch = state.input.charCodeAt(++state.position);
      }
      if (state.position === _position) {
        throwError(state, "name of an anchor node must contain at least one character");
      }
      state.anchor = state.input.slice(_position, state.position);
      return true;
    }
    function readAlias(state) {
      let ch = state.input.charCodeAt(state.position);
      if (ch !== 42) return false;
      ch = state.input.charCodeAt(++state.position);
      const _position = state.position;
      while (ch !== 0 && !isWsOrEol(ch) && !isFlowIndicator(ch)) {
        ch = state.input.charCodeAt(++state.position);
      }
      if (state.position === _position) {
        throwError(state, "name of an alias node must contain at least one character");
      }
      const alias = state.input.slice(_position, state.position);
      if (!_hasOwnProperty.call(state.anchorMap, alias)) {
        throwError(state, 'unidentified alias "' + alias + '"');
      }
      state.result = state.anchorMap[alias];
      skipSeparationSpace(state, true, -1);
      return true;
    }
    function tryReadBlockMappingFromProperty(state, propertyStart, nodeIndent, flowIndent) {
      const fallbackState = snapshotState(state);
      beginAnchorTransaction(state);
      restoreState(state, propertyStart);
      state.tag = null;
      state.anchor = null;
      state.kind = null;
      state.result = null;
      if (readBlockMapping(state, nodeIndent, flowIndent) && state.kind === "mapping") {
        commitAnchorTransaction(state);
        return true;
      }
      rollbackAnchorTransaction(state);
      restoreState(state, fallbackState);
      return false;
    }
    function composeNode(state, parentIndent, nodeContext, allowToSeek, allowCompact) {
      let allowBlockScalars;
      let allowBlockCollections;
      let indentStatus = 1;
      let atNewLine = false;
      let hasContent = false;
      let propertyStart = null;
      let type;
      let flowIndent;
      let blockIndent;
      if (state.depth >= state.maxDepth) {
        throwError(state, "nesting exceeded maxDepth (" + state.maxDepth + ")");
      }
      state.depth += 1;
      if (state.listener !== null) {
        state.listener("open", state);
      }
      state.tag = null;
      state.anchor = null;
      state.kind = null;
      state.result = null;
      const allowBlockStyles = allowBlockScalars = allowBlockCollections = CONTEXT_BLOCK_OUT === nodeContext || CONTEXT_BLOCK_IN === nodeContext;
      if (allowToSeek) {
        if (skipSeparationSpace(state, true, -1)) {
          atNewLine = true;
          if (state.lineIndent > parentIndent) {
            indentStatus = 1;
          } else if (state.lineIndent === parentIndent) {
            indentStatus = 0;
          } else if (state.lineIndent < parentIndent) {
            indentStatus = -1;
          }
        }
      }
      if (indentStatus === 1) {
        while (true) {
          const ch = state.input.charCodeAt(state.position);
          const propertyState = snapshotState(state);
          if (atNewLine && (ch === 33 && state.tag !== null || ch === 38 && state.anchor !== null)) {
            break;
          }
          if (!readTagProperty(state) && !readAnchorProperty(state)) {
            break;
          }
          if (propertyStart === null) {
            propertyStart = propertyState;
          }
          if (skipSeparationSpace(state, true, -1)) {
            atNewLine = true;
            allowBlockCollections = allowBlockStyles;
            if (state.lineIndent > parentIndent) {
              indentStatus = 1;
            } else if (state.lineIndent === parentIndent) {
              indentStatus = 0;
            } else if (state.lineIndent < parentIndent) {
              indentStatus = -1;
            }
          } else {
            allowBlockCollections = false;
          }
        }
      }
      if (allowBlockCollections) {
        allowBlockCollections = atNewLine || allowCompact;
      }
      if (indentStatus === 1 || CONTEXT_BLOCK_OUT === nodeContext) {
        if (CONTEXT_FLOW_IN === nodeContext || CONTEXT_FLOW_OUT === nodeContext) {
          flowIndent = parentIndent;
        } else {
          flowIndent = parentIndent + 1;
        }
        blockIndent = state.position - state.lineStart;
        if (indentStatus === 1) {
          if (allowBlockCollections && (readBlockSequence(state, blockIndent) || readBlockMapping(state, blockIndent, flowIndent)) || readFlowCollection(state, flowIndent)) {
            hasContent = true;
          } else {
            const ch = state.input.charCodeAt(state.position);
            if (propertyStart !== null && allowBlockStyles && !allowBlockCollections && ch !== 124 && ch !== 62 && tryReadBlockMappingFromProperty(
              state,
              propertyStart,
              propertyStart.position - propertyStart.lineStart,
              flowIndent
            )) {
              hasContent = true;
            } else if (allowBlockScalars && readBlockScalar(state, flowIndent) || readSingleQuotedScalar(state, flowIndent) || readDoubleQuotedScalar(state, flowIndent)) {
              hasContent = true;
            } else if (readAlias(state)) {
              hasContent = true;
              if (state.tag !== null || state.anchor !== null) {
                throwError(state, "alias node should not have any properties");
              }
            } else if (readPlainScalar(state, flowIndent, CONTEXT_FLOW_IN === nodeContext)) {
              hasContent = true;
              if (state.tag === null) {
                state.tag = "?";
              }
            }
            if (state.anchor !== null) {
              storeAnchor(state, state.anchor, state.result);
            }
          }
        } else if (indentStatus === 0) {
          hasContent = allowBlockCollections && readBlockSequence(state, blockIndent);
        }
      }
      if (state.tag === null) {
        if (state.anchor !== null) {
          storeAnchor(state, state.anchor, state.result);
        }
      } else if (state.tag === "?") {
        if (state.result !== null && state.kind !== "scalar") {
          throwError(state, 'unacceptable node kind for !<?> tag; it should be "scalar", not "' + state.kind + '"');
        }
        for (let typeIndex = 0, typeQuantity = state.implicitTypes.length; typeIndex < typeQuantity; typeIndex += 1) {
          type = state.implicitTypes[typeIndex];
          if (type.resolve(state.result)) {
            state.result = type.construct(state.result);
            state.tag = type.tag;
            if (state.anchor !== null) {
              storeAnchor(state, state.anchor, state.result);
            }
            break;
          }
        }
      } else if (state.tag !== "!") {
        if (_hasOwnProperty.call(state.typeMap[state.kind || "fallback"], state.tag)) {
          type = state.typeMap[state.kind || "fallback"][state.tag];
        } else {
          type = null;
          const typeList = state.typeMap.multi[state.kind || "fallback"];
          for (let typeIndex = 0, typeQuantity = typeList.length; typeIndex < typeQuantity; typeIndex += 1) {
            if (state.tag.slice(0, typeList[typeIndex].tag.length) === typeList[typeIndex].tag) {
              type = typeList[typeIndex];
              break;
            }
          }
        }
        if (!type) {
          throwError(state, "unknown tag !<" + state.tag + ">");
        }
        if (state.result !== null && type.kind !== state.kind) {
          throwError(state, "unacceptable node kind for !<" + state.tag + '> tag; it should be "' + type.kind + '", not "' + state.kind + '"');
        }
        if (!type.resolve(state.result, state.tag)) {
          throwError(state, "cannot resolve a node with !<" + state.tag + "> explicit tag");
        } else {
          state.result = type.construct(state.result, state.tag);
          if (state.anchor !== null) {
            storeAnchor(state, state.anchor, state.result);
          }
        }
      }
      if (state.listener !== null) {
        state.listener("close", state);
      }
      state.depth -= 1;
      return state.tag !== null || state.anchor !== null || hasContent;
    }
    function readDocument(state) {
      const documentStart = state.position;
      let hasDirectives = false;
      let ch;
      state.version = null;
      state.checkLineBreaks = state.legacy;
      state.tagMap = /* @__PURE__ */ Object.create(null);
      state.anchorMap = /* @__PURE__ */ Object.create(null);
      while ((ch = state.input.charCodeAt(state.position)) !== 0) {
        skipSeparationSpace(state, true, -1);
        ch = state.input.charCodeAt(state.position);
        if (state.lineIndent > 0 || ch !== 37) {
          break;
        }
        hasDirectives = true;
        ch = state.input.charCodeAt(++state.position);
        let _position = state.position;
        while (ch !== 0 && !isWsOrEol(ch)) {
          ch = state.input.charCodeAt(++state.position);
        }
        const directiveName = state.input.slice(_position, state.position);
        const directiveArgs = [];
        if (directiveName.length < 1) {
          throwError(state, "directive name must not be less than one character in length");
        }
        while (ch !== 0) {
          while (isWhiteSpace(ch)) {
            ch = state.input.charCodeAt(++state.position);
          }
          if (ch === 35) {
            do {
              ch = state.input.charCodeAt(++state.position);
            } while (ch !== 0 && !isEol(ch));
            break;
          }
          if (isEol(ch)) break;
          _position = state.position;
          while (ch !== 0 && !isWsOrEol(ch)) {
            ch = state.input.charCodeAt(++state.position);
          }
          directiveArgs.push(state.input.slice(_position, state.position));
        }
        if (ch !== 0) readLineBreak(state);
        if (_hasOwnProperty.call(directiveHandlers, directiveName)) {
          directiveHandlers[directiveName](state, directiveName, directiveArgs);
        } else {
          throwWarning(state, 'unknown document directive "' + directiveName + '"');
        }
      }
      skipSeparationSpace(state, true, -1);
      if (state.lineIndent === 0 && state.input.charCodeAt(state.position) === 45 && state.input.charCodeAt(state.position + 1) === 45 && state.input.charCodeAt(state.position + 2) === 45) {
        state.position += 3;
        skipSeparationSpace(state, true, -1);
      } else if (hasDirectives) {
        throwError(state, "directives end mark is expected");
      }
      composeNode(state, state.lineIndent - 1, CONTEXT_BLOCK_OUT, false, true);
      skipSeparationSpace(state, true, -1);
      if (state.checkLineBreaks && PATTERN_NON_ASCII_LINE_BREAKS.test(state.input.slice(documentStart, state.position))) {
        throwWarning(state, "non-ASCII line breaks are interpreted as content");
      }
      state.documents.push(state.result);
      if (state.position === state.lineStart && testDocumentSeparator(state)) {
        if (state.input.charCodeAt(state.position) === 46) {
          state.position += 3;
          skipSeparationSpace(state, true, -1);
        }
        return;
      }
      if (state.position < state.length - 1) {
        throwError(state, "end of the stream or a document separator is expected");
      }
    }
    function loadDocuments(input, options) {
      input = String(input);
      options = options || {};
      if (input.length !== 0) {
        if (input.charCodeAt(input.length - 1) !== 10 && input.charCodeAt(input.length - 1) !== 13) {
          input += "\n";
        }
        if (input.charCodeAt(0) === 65279) {
          input = input.slice(1);
        }
      }
      const state = new State(input, options);
      const nullpos = input.indexOf("\0");
      if (nullpos !== -1) {
        state.position = nullpos;
        throwError(state, "null byte is not allowed in input");
      }
      state.input += "\0";
      while (state.input.charCodeAt(state.position) === 32) {
        state.lineIndent += 1;
        state.position += 1;
      }
      while (state.position < state.length - 1) {
        readDocument(state);
      }
      return state.documents;
    }
    function loadAll(input, iterator, options) {
      if (iterator !== null && typeof iterator === "object" && typeof options === "undefined") {
        options = iterator;
        iterator = null;
      }
      const documents = loadDocuments(input, options);
      if (typeof iterator !== "function") {
        return documents;
      }
      for (let index = 0, length = documents.length; index < length; index += 1) {
        iterator(documents[index]);
      }
    }
    function load(input, options) {
      const documents = loadDocuments(input, options);
      if (documents.length === 0) {
        return void 0;
      } else if (documents.length === 1) {
        return documents[0];
      }
      throw new YAMLException("expected a single document in the stream, but found more");
    }
    module.exports.loadAll = loadAll;
    module.exports.load = load;
  }
});

// node_modules/js-yaml/lib/dumper.js
var require_dumper = __commonJS({
  "node_modules/js-yaml/lib/dumper.js"(exports, module) {
    "use strict";
    var common = require_common();
    var YAMLException = require_exception();
    var DEFAULT_SCHEMA = require_default();
    var _toString = Object.prototype.toString;
    var _hasOwnProperty = Object.prototype.hasOwnProperty;
    var CHAR_BOM = 65279;
    var CHAR_TAB = 9;
    var CHAR_LINE_FEED = 10;
    var CHAR_CARRIAGE_RETURN = 13;
    var CHAR_SPACE = 32;
    var CHAR_EXCLAMATION = 33;
    var CHAR_DOUBLE_QUOTE = 34;
    var CHAR_SHARP = 35;
    var CHAR_PERCENT = 37;
    var CHAR_AMPERSAND = 38;
    var CHAR_SINGLE_QUOTE = 39;
    var CHAR_ASTERISK = 42;
    var CHAR_COMMA = 44;
    var CHAR_MINUS = 45;
    var CHAR_COLON = 58;
    var CHAR_EQUALS = 61;
    var CHAR_GREATER_THAN = 62;
    var CHAR_QUESTION = 63;
    var CHAR_COMMERCIAL_AT = 64;
    var CHAR_LEFT_SQUARE_BRACKET = 91;
    var CHAR_RIGHT_SQUARE_BRACKET = 93;
    var CHAR_GRAVE_ACCENT = 96;
    var CHAR_LEFT_CURLY_BRACKET = 123;
    var CHAR_VERTICAL_LINE = 124;
    var CHAR_RIGHT_CURLY_BRACKET = 125;
    var ESCAPE_SEQUENCES = {};
    ESCAPE_SEQUENCES[0] = "\\0";
    ESCAPE_SEQUENCES[7] = "\\a";
    ESCAPE_SEQUENCES[8] = "\\b";
    ESCAPE_SEQUENCES[9] = "\\t";
    ESCAPE_SEQUENCES[10] = "\\n";
    ESCAPE_SEQUENCES[11] = "\\v";
    ESCAPE_SEQUENCES[12] = "\\f";
    ESCAPE_SEQUENCES[13] = "\\r";
    ESCAPE_SEQUENCES[27] = "\\e";
    ESCAPE_SEQUENCES[34] = '\\"';
    ESCAPE_SEQUENCES[92] = "\\\\";
    ESCAPE_SEQUENCES[133] = "\\N";
    ESCAPE_SEQUENCES[160] = "\\_";
    ESCAPE_SEQUENCES[8232] = "\\L";
    ESCAPE_SEQUENCES[8233] = "\\P";
    var DEPRECATED_BOOLEANS_SYNTAX = [
      "y",
      "Y",
      "yes",
      "Yes",
      "YES",
      "on",
      "On",
      "ON",
      "n",
      "N",
      "no",
      "No",
      "NO",
      "off",
      "Off",
      "OFF"
    ];
    var DEPRECATED_BASE60_SYNTAX = /^[-+]?[0-9_]+(?::[0-9_]+)+(?:\.[0-9_]*)?$/;
    function compileStyleMap(schema, map) {
      if (map === null) return {};
      const result = {};
      const keys = Object.keys(map);
      for (let index = 0, length = keys.length; index < length; index += 1) {
        let tag = keys[index];
        let style = String(map[tag]);
        if (tag.slice(0, 2) === "!!") {
          tag = "tag:yaml.org,2002:" + tag.slice(2);
        }
        const type = schema.compiledTypeMap["fallback"][tag];
        if (type && _hasOwnProperty.call(type.styleAliases, style)) {
          style = type.styleAliases[style];
        }
        result[tag] = style;
      }
      return result;
    }
    function encodeHex(character) {
      let handle;
      let length;
      const string = character.toString(16).toUpperCase();
      if (character <= 255) {
        handle = "x";
        length = 2;
      } else if (character <= 65535) {
        handle = "u";
        length = 4;
      } else if (character <= 4294967295) {
        handle = "U";
        length = 8;
      } else {
        throw new YAMLException("code point within a string may not be greater than 0xFFFFFFFF");
      }
      return "\\" + handle + common.repeat("0", length - string.length) + string;
    }
    var QUOTING_TYPE_SINGLE = 1;
    var QUOTING_TYPE_DOUBLE = 2;
    function State(options) {
      this.schema = options["schema"] || DEFAULT_SCHEMA;
      this.indent = Math.max(1, options["indent"] || 2);
      this.noArrayIndent = options["noArrayIndent"] || false;
      this.skipInvalid = options["skipInvalid"] || false;
      this.flowLevel = common.isNothing(options["flowLevel"]) ? -1 : options["flowLevel"];
      this.styleMap = compileStyleMap(this.schema, options["styles"] || null);
      this.sortKeys = options["sortKeys"] || false;
      this.lineWidth = options["lineWidth"] || 80;
      this.noRefs = options["noRefs"] || false;
      this.noCompatMode = options["noCompatMode"] || false;
      this.condenseFlow = options["condenseFlow"] || false;
      this.quotingType = options["quotingType"] === '"' ? QUOTING_TYPE_DOUBLE : QUOTING_TYPE_SINGLE;
      this.forceQuotes = options["forceQuotes"] || false;
      this.replacer = typeof options["replacer"] === "function" ? options["replacer"] : null;
      this.implicitTypes = this.schema.compiledImplicit;
      this.explicitTypes = this.schema.compiledExplicit;
      this.tag = null;
      this.result = "";
      this.duplicates = [];
      this.usedDuplicates = null;
    }
    function indentString(string, spaces) {
      const ind = common.repeat(" ", spaces);
      let position = 0;
      let result = "";
      const length = string.length;
      while (position < length) {
        let line;
        const next = string.indexOf("\n", position);
        if (next === -1) {
          line = string.slice(position);
          position = length;
        } else {
          line = string.slice(position, next + 1);
          position = next + 1;
        }
        if (line.length && line !== "\n") result += ind;
        result += line;
      }
      return result;
    }
    function generateNextLine(state, level) {
      return "\n" + common.repeat(" ", state.indent * level);
    }
    function testImplicitResolving(state, str) {
      for (let index = 0, length = state.implicitTypes.length; index < length; index += 1) {
        const type = state.implicitTypes[index];
        if (type.resolve(str)) {
          return true;
        }
      }
      return false;
    }
    function isWhitespace(c) {
      return c === CHAR_SPACE || c === CHAR_TAB;
    }
    function isPrintable(c) {
      return c >= 32 && c <= 126 || c >= 161 && c <= 55295 && c !== 8232 && c !== 8233 || c >= 57344 && c <= 65533 && c !== CHAR_BOM || c >= 65536 && c <= 1114111;
    }
    function isNsCharOrWhitespace(c) {
      return isPrintable(c) && c !== CHAR_BOM && // - b-char
      c !== CHAR_CARRIAGE_RETURN && c !== CHAR_LINE_FEED;
    }
    function isPlainSafe(c, prev, inblock) {
      const cIsNsCharOrWhitespace = isNsCharOrWhitespace(c);
      const cIsNsChar = cIsNsCharOrWhitespace && !isWhitespace(c);
      return (
        // ns-plain-safe
        (inblock ? cIsNsCharOrWhitespace : cIsNsCharOrWhitespace && // - c-flow-indicator
        c !== CHAR_COMMA && c !== CHAR_LEFT_SQUARE_BRACKET && c !== CHAR_RIGHT_SQUARE_BRACKET && c !== CHAR_LEFT_CURLY_BRACKET && c !== CHAR_RIGHT_CURLY_BRACKET) && // ns-plain-char
        c !== CHAR_SHARP && // false on '#'
        !(prev === CHAR_COLON && !cIsNsChar) || // false on ': '
        isNsCharOrWhitespace(prev) && !isWhitespace(prev) && c === CHAR_SHARP || // change to true on '[^ ]#'
        prev === CHAR_COLON && cIsNsChar
      );
    }
    function isPlainSafeFirst(c) {
      return isPrintable(c) && c !== CHAR_BOM && !isWhitespace(c) && // - s-white
      // - (c-indicator ::=
      // “-” | “?” | “:” | “,” | “[” | “]” | “{” | “}”
      c !== CHAR_MINUS && c !== CHAR_QUESTION && c !== CHAR_COLON && c !== CHAR_COMMA && c !== CHAR_LEFT_SQUARE_BRACKET && c !== CHAR_RIGHT_SQUARE_BRACKET && c !== CHAR_LEFT_CURLY_BRACKET && c !== CHAR_RIGHT_CURLY_BRACKET && // | “#” | “&” | “*” | “!” | “|” | “=” | “>” | “'” | “"”
      c !== CHAR_SHARP && c !== CHAR_AMPERSAND && c !== CHAR_ASTERISK && c !== CHAR_EXCLAMATION && c !== CHAR_VERTICAL_LINE && c !== CHAR_EQUALS && c !== CHAR_GREATER_THAN && c !== CHAR_SINGLE_QUOTE && c !== CHAR_DOUBLE_QUOTE && // | “%” | “@” | “`”)
      c !== CHAR_PERCENT && c !== CHAR_COMMERCIAL_AT && c !== CHAR_GRAVE_ACCENT;
    }
    function isPlainSafeLast(c) {
      return !isWhitespace(c) && c !== CHAR_COLON;
    }
    function codePointAt(string, pos) {
      const first = string.charCodeAt(pos);
      let second;
      if (first >= 55296 && first <= 56319 && pos + 1 < string.length) {
        second = string.charCodeAt(pos + 1);
        if (second >= 56320 && second <= 57343) {
          return (first - 55296) * 1024 + second - 56320 + 65536;
        }
      }
      return first;
    }
    function needIndentIndicator(string) {
      const leadingSpaceRe = /^\n* /;
      return leadingSpaceRe.test(string);
    }
    var STYLE_PLAIN = 1;
    var STYLE_SINGLE = 2;
    var STYLE_LITERAL = 3;
    var STYLE_FOLDED = 4;
    var STYLE_DOUBLE = 5;
    function chooseScalarStyle(string, singleLineOnly, indentPerLevel, lineWidth, testAmbiguousType, quotingType, forceQuotes, inblock) {
      let i;
      let char = 0;
      let prevChar = null;
      let hasLineBreak = false;
      let hasFoldableLine = false;
      const shouldTrackWidth = lineWidth !== -1;
      let previousLineBreak = -1;
      let plain = isPlainSafeFirst(codePointAt(string, 0)) && isPlainSafeLast(codePointAt(string, string.length - 1));
      if (singleLineOnly || forceQuotes) {
        for (i = 0; i < string.length; char >= 65536 ? i += 2 : i++) {
          char = codePointAt(string, i);
          if (!isPrintable(char)) {
            return STYLE_DOUBLE;
          }
          plain = plain && isPlainSafe(char, prevChar, inblock);
          prevChar = char;
        }
      } else {
        for (i = 0; i < string.length; char >= 65536 ? i += 2 : i++) {
          char = codePointAt(string, i);
          if (char === CHAR_LINE_FEED) {
            hasLineBreak = true;
            if (shouldTrackWidth) {
              hasFoldableLine = hasFoldableLine || // Foldable line = too long, and not more-indented.
              i - previousLineBreak - 1 > lineWidth && string[previousLineBreak + 1] !== " ";
              previousLineBreak = i;
            }
          } else if (!isPrintable(char)) {
            return STYLE_DOUBLE;
          }
          plain = plain && isPlainSafe(char, prevChar, inblock);
          prevChar = char;
        }
        hasFoldableLine = hasFoldableLine || shouldTrackWidth && (i - previousLineBreak - 1 > lineWidth && string[previousLineBreak + 1] !== " ");
      }
      if (!hasLineBreak && !hasFoldableLine) {
        if (plain && !forceQuotes && !testAmbiguousType(string)) {
          return STYLE_PLAIN;
        }
        return quotingType === QUOTING_TYPE_DOUBLE ? STYLE_DOUBLE : STYLE_SINGLE;
      }
      if (indentPerLevel > 9 && needIndentIndicator(string)) {
        return STYLE_DOUBLE;
      }
      if (!forceQuotes) {
        return hasFoldableLine ? STYLE_FOLDED : STYLE_LITERAL;
      }
      return quotingType === QUOTING_TYPE_DOUBLE ? STYLE_DOUBLE : STYLE_SINGLE;
    }
    function writeScalar(state, string, level, iskey, inblock) {
      state.dump = (function() {
        if (string.length === 0) {
          return state.quotingType === QUOTING_TYPE_DOUBLE ? '""' : "''";
        }
        if (!state.noCompatMode) {
          if (DEPRECATED_BOOLEANS_SYNTAX.indexOf(string) !== -1 || DEPRECATED_BASE60_SYNTAX.test(string)) {
            return state.quotingType === QUOTING_TYPE_DOUBLE ? '"' + string + '"' : "'" + string + "'";
          }
        }
        const indent = state.indent * Math.max(1, level);
        const lineWidth = state.lineWidth === -1 ? -1 : Math.max(Math.min(state.lineWidth, 40), state.lineWidth - indent);
        const singleLineOnly = iskey || // No block styles in flow mode.
        state.flowLevel > -1 && level >= state.flowLevel;
        function testAmbiguity(string2) {
          return testImplicitResolving(state, string2);
        }
        switch (chooseScalarStyle(
          string,
          singleLineOnly,
          state.indent,
          lineWidth,
          testAmbiguity,
          state.quotingType,
          state.forceQuotes && !iskey,
          inblock
        )) {
          case STYLE_PLAIN:
            return string;
          case STYLE_SINGLE:
            return "'" + string.replace(/'/g, "''") + "'";
          case STYLE_LITERAL:
            return "|" + blockHeader(string, state.indent) + dropEndingNewline(indentString(string, indent));
          case STYLE_FOLDED:
            return ">" + blockHeader(string, state.indent) + dropEndingNewline(indentString(foldString(string, lineWidth), indent));
          case STYLE_DOUBLE:
            return '"' + escapeString(string, lineWidth) + '"';
          default:
            throw new YAMLException("impossible error: invalid scalar style");
        }
      })();
    }
    function blockHeader(string, indentPerLevel) {
      const indentIndicator = needIndentIndicator(string) ? String(indentPerLevel) : "";
      const clip2 = string[string.length - 1] === "\n";
      const keep = clip2 && (string[string.length - 2] === "\n" || string === "\n");
      const chomp = keep ? "+" : clip2 ? "" : "-";
      return indentIndicator + chomp + "\n";
    }
    function dropEndingNewline(string) {
      return string[string.length - 1] === "\n" ? string.slice(0, -1) : string;
    }
    function foldString(string, width) {
      const lineRe = /(\n+)([^\n]*)/g;
      let result = (function() {
        let nextLF = string.indexOf("\n");
        nextLF = nextLF !== -1 ? nextLF : string.length;
        lineRe.lastIndex = nextLF;
        return foldLine(string.slice(0, nextLF), width);
      })();
      let prevMoreIndented = string[0] === "\n" || string[0] === " ";
      let moreIndented;
      let match;
      while (match = lineRe.exec(string)) {
        const prefix = match[1];
        const line = match[2];
        moreIndented = line[0] === " ";
        result += prefix + (!prevMoreIndented && !moreIndented && line !== "" ? "\n" : "") + foldLine(line, width);
        prevMoreIndented = moreIndented;
      }
      return result;
    }
    function foldLine(line, width) {
      if (line === "" || line[0] === " ") return line;
      const breakRe = / [^ ]/g;
      let match;
      let start = 0;
      let end;
      let curr = 0;
      let next = 0;
      let result = "";
      while (match = breakRe.exec(line)) {
        next = match.index;
        if (next - start > width) {
          end = curr > start ? curr : next;
          result += "\n" + line.slice(start, end);
          start = end + 1;
        }
        curr = next;
      }
      result += "\n";
      if (line.length - start > width && curr > start) {
        result += line.slice(start, curr) + "\n" + line.slice(curr + 1);
      } else {
        result += line.slice(start);
      }
      return result.slice(1);
    }
    function escapeString(string) {
      let result = "";
      let char = 0;
      for (let i = 0; i < string.length; char >= 65536 ? i += 2 : i++) {
        char = codePointAt(string, i);
        const escapeSeq = ESCAPE_SEQUENCES[char];
        if (!escapeSeq && isPrintable(char)) {
          result += string[i];
          if (char >= 65536) result += string[i + 1];
        } else {
          result += escapeSeq || encodeHex(char);
        }
      }
      return result;
    }
    function writeFlowSequence(state, level, object) {
      let _result = "";
      const _tag = state.tag;
      for (let index = 0, length = object.length; index < length; index += 1) {
        let value = object[index];
        if (state.replacer) {
          value = state.replacer.call(object, String(index), value);
        }
        if (writeNode(state, level, value, false, false) || typeof value === "undefined" && writeNode(state, level, null, false, false)) {
          if (_result !== "") _result += "," + (!state.condenseFlow ? " " : "");
          _result += state.dump;
        }
      }
      state.tag = _tag;
      state.dump = "[" + _result + "]";
    }
    function writeBlockSequence(state, level, object, compact) {
      let _result = "";
      const _tag = state.tag;
      for (let index = 0, length = object.length; index < length; index += 1) {
        let value = object[index];
        if (state.replacer) {
          value = state.replacer.call(object, String(index), value);
        }
        if (writeNode(state, level + 1, value, true, true, false, true) || typeof value === "undefined" && writeNode(state, level + 1, null, true, true, false, true)) {
          if (!compact || _result !== "") {
            _result += generateNextLine(state, level);
          }
          if (state.dump && CHAR_LINE_FEED === state.dump.charCodeAt(0)) {
            _result += "-";
          } else {
            _result += "- ";
          }
          _result += state.dump;
        }
      }
      state.tag = _tag;
      state.dump = _result || "[]";
    }
    function writeFlowMapping(state, level, object) {
      let _result = "";
      const _tag = state.tag;
      const objectKeyList = Object.keys(object);
      for (let index = 0, length = objectKeyList.length; index < length; index += 1) {
        let pairBuffer = "";
        if (_result !== "") pairBuffer += ", ";
        if (state.condenseFlow) pairBuffer += '"';
        const objectKey = objectKeyList[index];
        let objectValue = object[objectKey];
        if (state.replacer) {
          objectValue = state.replacer.call(object, objectKey, objectValue);
        }
        if (!writeNode(state, level, objectKey, false, false)) {
          continue;
        }
        if (state.dump.length > 1024) pairBuffer += "? ";
        pairBuffer += state.dump + (state.condenseFlow ? '"' : "") + ":" + (state.condenseFlow ? "" : " ");
        if (!writeNode(state, level, objectValue, false, false)) {
          continue;
        }
        pairBuffer += state.dump;
        _result += pairBuffer;
      }
      state.tag = _tag;
      state.dump = "{" + _result + "}";
    }
    function writeBlockMapping(state, level, object, compact) {
      let _result = "";
      const _tag = state.tag;
      const objectKeyList = Object.keys(object);
      if (state.sortKeys === true) {
        objectKeyList.sort();
      } else if (typeof state.sortKeys === "function") {
        objectKeyList.sort(state.sortKeys);
      } else if (state.sortKeys) {
        throw new YAMLException("sortKeys must be a boolean or a function");
      }
      for (let index = 0, length = objectKeyList.length; index < length; index += 1) {
        let pairBuffer = "";
        if (!compact || _result !== "") {
          pairBuffer += generateNextLine(state, level);
        }
        const objectKey = objectKeyList[index];
        let objectValue = object[objectKey];
        if (state.replacer) {
          objectValue = state.replacer.call(object, objectKey, objectValue);
        }
        if (!writeNode(state, level + 1, objectKey, true, true, true)) {
          continue;
        }
        const explicitPair = state.tag !== null && state.tag !== "?" || state.dump && state.dump.length > 1024;
        if (explicitPair) {
          if (state.dump && CHAR_LINE_FEED === state.dump.charCodeAt(0)) {
            pairBuffer += "?";
          } else {
            pairBuffer += "? ";
          }
        }
        pairBuffer += state.dump;
        if (explicitPair) {
          pairBuffer += generateNextLine(state, level);
        }
        if (!writeNode(state, level + 1, objectValue, true, explicitPair)) {
          continue;
        }
        if (state.dump && CHAR_LINE_FEED === state.dump.charCodeAt(0)) {
          pairBuffer += ":";
        } else {
          pairBuffer += ": ";
        }
        pairBuffer += state.dump;
        _result += pairBuffer;
      }
      state.tag = _tag;
      state.dump = _result || "{}";
    }
    function detectType(state, object, explicit) {
      const typeList = explicit ? state.explicitTypes : state.implicitTypes;
      for (let index = 0, length = typeList.length; index < length; index += 1) {
        const type = typeList[index];
        if ((type.instanceOf || type.predicate) && (!type.instanceOf || typeof object === "object" && object instanceof type.instanceOf) && (!type.predicate || type.predicate(object))) {
          if (explicit) {
            if (type.multi && type.representName) {
              state.tag = type.representName(object);
            } else {
              state.tag = type.tag;
            }
          } else {
            state.tag = "?";
          }
          if (type.represent) {
            const style = state.styleMap[type.tag] || type.defaultStyle;
            let _result;
            if (_toString.call(type.represent) === "[object Function]") {
              _result = type.represent(object, style);
            } else if (_hasOwnProperty.call(type.represent, style)) {
              _result = type.represent[style](object, style);
            } else {
              throw new YAMLException("!<" + type.tag + '> tag resolver accepts not "' + style + '" style');
            }
            state.dump = _result;
          }
          return true;
        }
      }
      return false;
    }
    function writeNode(state, level, object, block, compact, iskey, isblockseq) {
      state.tag = null;
      state.dump = object;
      if (!detectType(state, object, false)) {
        detectType(state, object, true);
      }
      const type = _toString.call(state.dump);
      const inblock = block;
      if (block) {
        block = state.flowLevel < 0 || state.flowLevel > level;
      }
      const objectOrArray = type === "[object Object]" || type === "[object Array]";
      let duplicateIndex;
      let duplicate;
      if (objectOrArray) {
        duplicateIndex = state.duplicates.indexOf(object);
        duplicate = duplicateIndex !== -1;
      }
      if (state.tag !== null && state.tag !== "?" || duplicate || state.indent !== 2 && level > 0) {
        compact = false;
      }
      if (duplicate && state.usedDuplicates[duplicateIndex]) {
        state.dump = "*ref_" + duplicateIndex;
      } else {
        if (objectOrArray && duplicate && !state.usedDuplicates[duplicateIndex]) {
          state.usedDuplicates[duplicateIndex] = true;
        }
        if (type === "[object Object]") {
          if (block && Object.keys(state.dump).length !== 0) {
            writeBlockMapping(state, level, state.dump, compact);
            if (duplicate) {
              state.dump = "&ref_" + duplicateIndex + state.dump;
            }
          } else {
            writeFlowMapping(state, level, state.dump);
            if (duplicate) {
              state.dump = "&ref_" + duplicateIndex + " " + state.dump;
            }
          }
        } else if (type === "[object Array]") {
          if (block && state.dump.length !== 0) {
            if (state.noArrayIndent && !isblockseq && level > 0) {
              writeBlockSequence(state, level - 1, state.dump, compact);
            } else {
              writeBlockSequence(state, level, state.dump, compact);
            }
            if (duplicate) {
              state.dump = "&ref_" + duplicateIndex + state.dump;
            }
          } else {
            writeFlowSequence(state, level, state.dump);
            if (duplicate) {
              state.dump = "&ref_" + duplicateIndex + " " + state.dump;
            }
          }
        } else if (type === "[object String]") {
          if (state.tag !== "?") {
            writeScalar(state, state.dump, level, iskey, inblock);
          }
        } else if (type === "[object Undefined]") {
          return false;
        } else {
          if (state.skipInvalid) return false;
          throw new YAMLException("unacceptable kind of an object to dump " + type);
        }
        if (state.tag !== null && state.tag !== "?") {
          let tagStr = encodeURI(
            state.tag[0] === "!" ? state.tag.slice(1) : state.tag
          ).replace(/!/g, "%21");
          if (state.tag[0] === "!") {
            tagStr = "!" + tagStr;
          } else if (tagStr.slice(0, 18) === "tag:yaml.org,2002:") {
            tagStr = "!!" + tagStr.slice(18);
          } else {
            tagStr = "!<" + tagStr + ">";
          }
          state.dump = tagStr + " " + state.dump;
        }
      }
      return true;
    }
    function getDuplicateReferences(object, state) {
      const objects = [];
      const duplicatesIndexes = [];
      inspectNode(object, objects, duplicatesIndexes);
      const length = duplicatesIndexes.length;
      for (let index = 0; index < length; index += 1) {
        state.duplicates.push(objects[duplicatesIndexes[index]]);
      }
      state.usedDuplicates = new Array(length);
    }
    function inspectNode(object, objects, duplicatesIndexes) {
      if (object !== null && typeof object === "object") {
        const index = objects.indexOf(object);
        if (index !== -1) {
          if (duplicatesIndexes.indexOf(index) === -1) {
            duplicatesIndexes.push(index);
          }
        } else {
          objects.push(object);
          if (Array.isArray(object)) {
            for (let i = 0, length = object.length; i < length; i += 1) {
              inspectNode(object[i], objects, duplicatesIndexes);
            }
          } else {
            const objectKeyList = Object.keys(object);
            for (let i = 0, length = objectKeyList.length; i < length; i += 1) {
              inspectNode(object[objectKeyList[i]], objects, duplicatesIndexes);
            }
          }
        }
      }
    }
    function dump(input, options) {
      options = options || {};
      const state = new State(options);
      if (!state.noRefs) getDuplicateReferences(input, state);
      let value = input;
      if (state.replacer) {
        value = state.replacer.call({ "": value }, "", value);
      }
      if (writeNode(state, 0, value, true, true)) return state.dump + "\n";
      return "";
    }
    module.exports.dump = dump;
  }
});

// node_modules/js-yaml/index.js
var require_js_yaml = __commonJS({
  "node_modules/js-yaml/index.js"(exports, module) {
    "use strict";
    var loader = require_loader();
    var dumper = require_dumper();
    function renamed(from, to) {
      return function() {
        throw new Error("Function yaml." + from + " is removed in js-yaml 4. Use yaml." + to + " instead, which is now safe by default.");
      };
    }
    module.exports.Type = require_type();
    module.exports.Schema = require_schema();
    module.exports.FAILSAFE_SCHEMA = require_failsafe();
    module.exports.JSON_SCHEMA = require_json();
    module.exports.CORE_SCHEMA = require_core();
    module.exports.DEFAULT_SCHEMA = require_default();
    module.exports.load = loader.load;
    module.exports.loadAll = loader.loadAll;
    module.exports.dump = dumper.dump;
    module.exports.YAMLException = require_exception();
    module.exports.types = {
      binary: require_binary(),
      float: require_float(),
      map: require_map(),
      null: require_null(),
      pairs: require_pairs(),
      set: require_set(),
      timestamp: require_timestamp(),
      bool: require_bool(),
      int: require_int(),
      merge: require_merge(),
      omap: require_omap(),
      seq: require_seq(),
      str: require_str()
    };
    module.exports.safeLoad = renamed("safeLoad", "load");
    module.exports.safeLoadAll = renamed("safeLoadAll", "loadAll");
    module.exports.safeDump = renamed("safeDump", "dump");
  }
});

// node_modules/cosmiconfig/dist/loaders.js
var require_loaders = __commonJS({
  "node_modules/cosmiconfig/dist/loaders.js"(exports) {
    "use strict";
    var __importDefault = exports && exports.__importDefault || function(mod) {
      return mod && mod.__esModule ? mod : { "default": mod };
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.loadTs = exports.loadTsSync = exports.loadYaml = exports.loadJson = exports.loadJs = exports.loadJsSync = void 0;
    var fs_1 = __require("fs");
    var promises_1 = __require("fs/promises");
    var path_1 = __importDefault(__require("path"));
    var url_1 = __require("url");
    var crypto_1 = __require("crypto");
    var importFresh;
    var loadJsSync = function loadJsSync2(filepath) {
      if (importFresh === void 0) {
        importFresh = require_import_fresh();
      }
      return importFresh(filepath);
    };
    exports.loadJsSync = loadJsSync;
    var loadJs = async function loadJs2(filepath) {
      try {
        const { href } = (0, url_1.pathToFileURL)(await (0, promises_1.realpath)(filepath));
        return (await import(href)).default;
      } catch (error2) {
        try {
          return (0, exports.loadJsSync)(filepath, "");
        } catch (requireError) {
          if (requireError.code === "ERR_REQUIRE_ESM" || requireError instanceof SyntaxError && requireError.toString().includes("Cannot use import statement outside a module")) {
            throw error2;
          }
          throw requireError;
        }
      }
    };
    exports.loadJs = loadJs;
    var parseJson;
    var loadJson = function loadJson2(filepath, content) {
      if (parseJson === void 0) {
        parseJson = require_parse_json();
      }
      try {
        return parseJson(content);
      } catch (error2) {
        error2.message = `JSON Error in ${filepath}:
${error2.message}`;
        throw error2;
      }
    };
    exports.loadJson = loadJson;
    var yaml2;
    var loadYaml3 = function loadYaml4(filepath, content) {
      if (yaml2 === void 0) {
        yaml2 = require_js_yaml();
      }
      try {
        return yaml2.load(content);
      } catch (error2) {
        error2.message = `YAML Error in ${filepath}:
${error2.message}`;
        throw error2;
      }
    };
    exports.loadYaml = loadYaml3;
    var typescript;
    var loadTsSync = function loadTsSync2(filepath, content) {
      if (typescript === void 0) {
        typescript = __require("typescript");
      }
      const compiledFilepath = `${filepath}.${(0, crypto_1.randomUUID)()}.cjs`;
      try {
        const config = resolveTsConfig(path_1.default.dirname(filepath)) ?? {};
        config.compilerOptions = {
          ...config.compilerOptions,
          module: typescript.ModuleKind.NodeNext,
          moduleResolution: typescript.ModuleResolutionKind.NodeNext,
          target: typescript.ScriptTarget.ES2022,
          noEmit: false
        };
        content = typescript.transpileModule(content, config).outputText;
        (0, fs_1.writeFileSync)(compiledFilepath, content);
        return (0, exports.loadJsSync)(compiledFilepath, content).default;
      } catch (error2) {
        error2.message = `TypeScript Error in ${filepath}:
${error2.message}`;
        throw error2;
      } finally {
        if ((0, fs_1.existsSync)(compiledFilepath)) {
          (0, fs_1.rmSync)(compiledFilepath);
        }
      }
    };
    exports.loadTsSync = loadTsSync;
    var loadTs = async function loadTs2(filepath, content) {
      if (typescript === void 0) {
        typescript = (await import("typescript")).default;
      }
      const compiledFilepath = `${filepath}.${(0, crypto_1.randomUUID)()}.mjs`;
      let transpiledContent;
      try {
        try {
          const config = resolveTsConfig(path_1.default.dirname(filepath)) ?? {};
          config.compilerOptions = {
            ...config.compilerOptions,
            module: typescript.ModuleKind.ES2022,
            moduleResolution: typescript.ModuleResolutionKind.Bundler,
            target: typescript.ScriptTarget.ES2022,
            noEmit: false
          };
          transpiledContent = typescript.transpileModule(content, config).outputText;
          await (0, promises_1.writeFile)(compiledFilepath, transpiledContent);
        } catch (error2) {
          error2.message = `TypeScript Error in ${filepath}:
${error2.message}`;
          throw error2;
        }
        return await (0, exports.loadJs)(compiledFilepath, transpiledContent);
      } finally {
        if ((0, fs_1.existsSync)(compiledFilepath)) {
          await (0, promises_1.rm)(compiledFilepath);
        }
      }
    };
    exports.loadTs = loadTs;
    function resolveTsConfig(directory) {
      const filePath = typescript.findConfigFile(directory, (fileName) => {
        return typescript.sys.fileExists(fileName);
      });
      if (filePath !== void 0) {
        const { config, error: error2 } = typescript.readConfigFile(filePath, (path15) => typescript.sys.readFile(path15));
        if (error2) {
          throw new Error(`Error in ${filePath}: ${error2.messageText.toString()}`);
        }
        return config;
      }
      return;
    }
  }
});

// node_modules/cosmiconfig/dist/defaults.js
var require_defaults = __commonJS({
  "node_modules/cosmiconfig/dist/defaults.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.defaultLoadersSync = exports.defaultLoaders = exports.metaSearchPlaces = exports.globalConfigSearchPlacesSync = exports.globalConfigSearchPlaces = void 0;
    exports.getDefaultSearchPlaces = getDefaultSearchPlaces;
    exports.getDefaultSearchPlacesSync = getDefaultSearchPlacesSync;
    var loaders_1 = require_loaders();
    function getDefaultSearchPlaces(moduleName) {
      return [
        "package.json",
        `.${moduleName}rc`,
        `.${moduleName}rc.json`,
        `.${moduleName}rc.yaml`,
        `.${moduleName}rc.yml`,
        `.${moduleName}rc.js`,
        `.${moduleName}rc.ts`,
        `.${moduleName}rc.cjs`,
        `.${moduleName}rc.mjs`,
        `.config/${moduleName}rc`,
        `.config/${moduleName}rc.json`,
        `.config/${moduleName}rc.yaml`,
        `.config/${moduleName}rc.yml`,
        `.config/${moduleName}rc.js`,
        `.config/${moduleName}rc.ts`,
        `.config/${moduleName}rc.cjs`,
        `.config/${moduleName}rc.mjs`,
        `${moduleName}.config.js`,
        `${moduleName}.config.ts`,
        `${moduleName}.config.cjs`,
        `${moduleName}.config.mjs`
      ];
    }
    function getDefaultSearchPlacesSync(moduleName) {
      return [
        "package.json",
        `.${moduleName}rc`,
        `.${moduleName}rc.json`,
        `.${moduleName}rc.yaml`,
        `.${moduleName}rc.yml`,
        `.${moduleName}rc.js`,
        `.${moduleName}rc.ts`,
        `.${moduleName}rc.cjs`,
        `.config/${moduleName}rc`,
        `.config/${moduleName}rc.json`,
        `.config/${moduleName}rc.yaml`,
        `.config/${moduleName}rc.yml`,
        `.config/${moduleName}rc.js`,
        `.config/${moduleName}rc.ts`,
        `.config/${moduleName}rc.cjs`,
        `${moduleName}.config.js`,
        `${moduleName}.config.ts`,
        `${moduleName}.config.cjs`
      ];
    }
    exports.globalConfigSearchPlaces = [
      "config",
      "config.json",
      "config.yaml",
      "config.yml",
      "config.js",
      "config.ts",
      "config.cjs",
      "config.mjs"
    ];
    exports.globalConfigSearchPlacesSync = [
      "config",
      "config.json",
      "config.yaml",
      "config.yml",
      "config.js",
      "config.ts",
      "config.cjs"
    ];
    exports.metaSearchPlaces = [
      "package.json",
      "package.yaml",
      ".config/config.json",
      ".config/config.yaml",
      ".config/config.yml",
      ".config/config.js",
      ".config/config.ts",
      ".config/config.cjs",
      ".config/config.mjs"
    ];
    exports.defaultLoaders = Object.freeze({
      ".mjs": loaders_1.loadJs,
      ".cjs": loaders_1.loadJs,
      ".js": loaders_1.loadJs,
      ".ts": loaders_1.loadTs,
      ".json": loaders_1.loadJson,
      ".yaml": loaders_1.loadYaml,
      ".yml": loaders_1.loadYaml,
      noExt: loaders_1.loadYaml
    });
    exports.defaultLoadersSync = Object.freeze({
      ".cjs": loaders_1.loadJsSync,
      ".js": loaders_1.loadJsSync,
      ".ts": loaders_1.loadTsSync,
      ".json": loaders_1.loadJson,
      ".yaml": loaders_1.loadYaml,
      ".yml": loaders_1.loadYaml,
      noExt: loaders_1.loadYaml
    });
  }
});

// node_modules/env-paths/index.js
var require_env_paths = __commonJS({
  "node_modules/env-paths/index.js"(exports, module) {
    "use strict";
    var path15 = __require("path");
    var os = __require("os");
    var homedir = os.homedir();
    var tmpdir2 = os.tmpdir();
    var { env } = process;
    var macos = (name) => {
      const library = path15.join(homedir, "Library");
      return {
        data: path15.join(library, "Application Support", name),
        config: path15.join(library, "Preferences", name),
        cache: path15.join(library, "Caches", name),
        log: path15.join(library, "Logs", name),
        temp: path15.join(tmpdir2, name)
      };
    };
    var windows = (name) => {
      const appData = env.APPDATA || path15.join(homedir, "AppData", "Roaming");
      const localAppData = env.LOCALAPPDATA || path15.join(homedir, "AppData", "Local");
      return {
        // Data/config/cache/log are invented by me as Windows isn't opinionated about this
        data: path15.join(localAppData, name, "Data"),
        config: path15.join(appData, name, "Config"),
        cache: path15.join(localAppData, name, "Cache"),
        log: path15.join(localAppData, name, "Log"),
        temp: path15.join(tmpdir2, name)
      };
    };
    var linux = (name) => {
      const username = path15.basename(homedir);
      return {
        data: path15.join(env.XDG_DATA_HOME || path15.join(homedir, ".local", "share"), name),
        config: path15.join(env.XDG_CONFIG_HOME || path15.join(homedir, ".config"), name),
        cache: path15.join(env.XDG_CACHE_HOME || path15.join(homedir, ".cache"), name),
        // https://wiki.debian.org/XDGBaseDirectorySpecification#state
        log: path15.join(env.XDG_STATE_HOME || path15.join(homedir, ".local", "state"), name),
        temp: path15.join(tmpdir2, username, name)
      };
    };
    var envPaths = (name, options) => {
      if (typeof name !== "string") {
        throw new TypeError(`Expected string, got ${typeof name}`);
      }
      options = Object.assign({ suffix: "nodejs" }, options);
      if (options.suffix) {
        name += `-${options.suffix}`;
      }
      if (process.platform === "darwin") {
        return macos(name);
      }
      if (process.platform === "win32") {
        return windows(name);
      }
      return linux(name);
    };
    module.exports = envPaths;
    module.exports.default = envPaths;
  }
});

// node_modules/cosmiconfig/dist/util.js
var require_util = __commonJS({
  "node_modules/cosmiconfig/dist/util.js"(exports) {
    "use strict";
    var __createBinding = exports && exports.__createBinding || (Object.create ? (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      var desc = Object.getOwnPropertyDescriptor(m, k);
      if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
        desc = { enumerable: true, get: function() {
          return m[k];
        } };
      }
      Object.defineProperty(o, k2, desc);
    }) : (function(o, m, k, k2) {
      if (k2 === void 0) k2 = k;
      o[k2] = m[k];
    }));
    var __setModuleDefault = exports && exports.__setModuleDefault || (Object.create ? (function(o, v) {
      Object.defineProperty(o, "default", { enumerable: true, value: v });
    }) : function(o, v) {
      o["default"] = v;
    });
    var __importStar = exports && exports.__importStar || /* @__PURE__ */ (function() {
      var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function(o2) {
          var ar = [];
          for (var k in o2) if (Object.prototype.hasOwnProperty.call(o2, k)) ar[ar.length] = k;
          return ar;
        };
        return ownKeys(o);
      };
      return function(mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) {
          for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        }
        __setModuleDefault(result, mod);
        return result;
      };
    })();
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.emplace = emplace;
    exports.getPropertyByPath = getPropertyByPath;
    exports.removeUndefinedValuesFromObject = removeUndefinedValuesFromObject;
    exports.isDirectory = isDirectory;
    exports.isDirectorySync = isDirectorySync;
    var fs_1 = __importStar(__require("fs"));
    function emplace(map, key, fn) {
      const cached2 = map.get(key);
      if (cached2 !== void 0) {
        return cached2;
      }
      const result = fn();
      map.set(key, result);
      return result;
    }
    function getPropertyByPath(source, path15) {
      if (typeof path15 === "string" && Object.prototype.hasOwnProperty.call(source, path15)) {
        return source[path15];
      }
      const parsedPath = typeof path15 === "string" ? path15.split(".") : path15;
      return parsedPath.reduce((previous, key) => {
        if (previous === void 0) {
          return previous;
        }
        return previous[key];
      }, source);
    }
    function removeUndefinedValuesFromObject(options) {
      return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== void 0));
    }
    async function isDirectory(path15) {
      try {
        const stat = await fs_1.promises.stat(path15);
        return stat.isDirectory();
      } catch (e) {
        if (e.code === "ENOENT") {
          return false;
        }
        throw e;
      }
    }
    function isDirectorySync(path15) {
      try {
        const stat = fs_1.default.statSync(path15);
        return stat.isDirectory();
      } catch (e) {
        if (e.code === "ENOENT") {
          return false;
        }
        throw e;
      }
    }
  }
});

// node_modules/cosmiconfig/dist/ExplorerBase.js
var require_ExplorerBase = __commonJS({
  "node_modules/cosmiconfig/dist/ExplorerBase.js"(exports) {
    "use strict";
    var __importDefault = exports && exports.__importDefault || function(mod) {
      return mod && mod.__esModule ? mod : { "default": mod };
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ExplorerBase = void 0;
    exports.getExtensionDescription = getExtensionDescription;
    var env_paths_1 = __importDefault(require_env_paths());
    var os_1 = __importDefault(__require("os"));
    var path_1 = __importDefault(__require("path"));
    var util_js_1 = require_util();
    var ExplorerBase = class {
      #loadingMetaConfig = false;
      config;
      loadCache;
      searchCache;
      constructor(options) {
        this.config = options;
        if (options.cache) {
          this.loadCache = /* @__PURE__ */ new Map();
          this.searchCache = /* @__PURE__ */ new Map();
        }
        this.#validateConfig();
      }
      set loadingMetaConfig(value) {
        this.#loadingMetaConfig = value;
      }
      #validateConfig() {
        const config = this.config;
        for (const place of config.searchPlaces) {
          const extension = path_1.default.extname(place);
          const loader = this.config.loaders[extension || "noExt"] ?? this.config.loaders["default"];
          if (loader === void 0) {
            throw new Error(`Missing loader for ${getExtensionDescription(place)}.`);
          }
          if (typeof loader !== "function") {
            throw new Error(`Loader for ${getExtensionDescription(place)} is not a function: Received ${typeof loader}.`);
          }
        }
      }
      clearLoadCache() {
        if (this.loadCache) {
          this.loadCache.clear();
        }
      }
      clearSearchCache() {
        if (this.searchCache) {
          this.searchCache.clear();
        }
      }
      clearCaches() {
        this.clearLoadCache();
        this.clearSearchCache();
      }
      toCosmiconfigResult(filepath, config) {
        if (config === null) {
          return null;
        }
        if (config === void 0) {
          return { filepath, config: void 0, isEmpty: true };
        }
        if (this.config.applyPackagePropertyPathToConfiguration || this.#loadingMetaConfig) {
          const packageProp = this.config.packageProp ?? this.config.moduleName;
          config = (0, util_js_1.getPropertyByPath)(config, packageProp);
        }
        if (config === void 0) {
          return { filepath, config: void 0, isEmpty: true };
        }
        return { config, filepath };
      }
      validateImports(containingFilePath, imports, importStack) {
        const fileDirectory = path_1.default.dirname(containingFilePath);
        for (const importPath of imports) {
          if (typeof importPath !== "string") {
            throw new Error(`${containingFilePath}: Key $import must contain a string or a list of strings`);
          }
          const fullPath = path_1.default.resolve(fileDirectory, importPath);
          if (fullPath === containingFilePath) {
            throw new Error(`Self-import detected in ${containingFilePath}`);
          }
          const idx = importStack.indexOf(fullPath);
          if (idx !== -1) {
            throw new Error(`Circular import detected:
${[...importStack, fullPath].map((path15, i) => `${i + 1}. ${path15}`).join("\n")} (same as ${idx + 1}.)`);
          }
        }
      }
      getSearchPlacesForDir(dir, globalConfigPlaces) {
        return (dir.isGlobalConfig ? globalConfigPlaces : this.config.searchPlaces).map((place) => path_1.default.join(dir.path, place));
      }
      getGlobalConfigDir() {
        return (0, env_paths_1.default)(this.config.moduleName, { suffix: "" }).config;
      }
      *getGlobalDirs(startDir) {
        const stopDir = path_1.default.resolve(this.config.stopDir ?? os_1.default.homedir());
        yield { path: startDir, isGlobalConfig: false };
        let currentDir = startDir;
        while (currentDir !== stopDir) {
          const parentDir = path_1.default.dirname(currentDir);
          if (parentDir === currentDir) {
            break;
          }
          yield { path: parentDir, isGlobalConfig: false };
          currentDir = parentDir;
        }
        yield { path: this.getGlobalConfigDir(), isGlobalConfig: true };
      }
    };
    exports.ExplorerBase = ExplorerBase;
    function getExtensionDescription(extension) {
      return extension ? `extension "${extension}"` : "files without extensions";
    }
  }
});

// node_modules/cosmiconfig/dist/merge.js
var require_merge2 = __commonJS({
  "node_modules/cosmiconfig/dist/merge.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.hasOwn = void 0;
    exports.mergeAll = mergeAll;
    exports.hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty);
    var objToString = Function.prototype.call.bind(Object.prototype.toString);
    function isPlainObject(obj) {
      return objToString(obj) === "[object Object]";
    }
    function merge(target, source, options) {
      for (const key of Object.keys(source)) {
        if (key === "__proto__" || key === "constructor") {
          continue;
        }
        const newValue = source[key];
        if ((0, exports.hasOwn)(target, key)) {
          if (Array.isArray(target[key]) && Array.isArray(newValue)) {
            if (options.mergeArrays) {
              target[key].push(...newValue);
              continue;
            }
          } else if (isPlainObject(target[key]) && isPlainObject(newValue)) {
            target[key] = merge(target[key], newValue, options);
            continue;
          }
        }
        target[key] = newValue;
      }
      return target;
    }
    function mergeAll(objects, options) {
      return objects.reduce((target, source) => merge(target, source, options), {});
    }
  }
});

// node_modules/cosmiconfig/dist/Explorer.js
var require_Explorer = __commonJS({
  "node_modules/cosmiconfig/dist/Explorer.js"(exports) {
    "use strict";
    var __importDefault = exports && exports.__importDefault || function(mod) {
      return mod && mod.__esModule ? mod : { "default": mod };
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Explorer = void 0;
    var promises_1 = __importDefault(__require("fs/promises"));
    var path_1 = __importDefault(__require("path"));
    var defaults_1 = require_defaults();
    var ExplorerBase_js_1 = require_ExplorerBase();
    var merge_1 = require_merge2();
    var util_js_1 = require_util();
    var Explorer = class extends ExplorerBase_js_1.ExplorerBase {
      async load(filepath) {
        filepath = path_1.default.resolve(filepath);
        const load = async () => {
          return await this.config.transform(await this.#readConfiguration(filepath));
        };
        if (this.loadCache) {
          return await (0, util_js_1.emplace)(this.loadCache, filepath, load);
        }
        return await load();
      }
      async search(from = "") {
        if (this.config.metaConfigFilePath) {
          this.loadingMetaConfig = true;
          const config = await this.load(this.config.metaConfigFilePath);
          this.loadingMetaConfig = false;
          if (config && !config.isEmpty) {
            return config;
          }
        }
        from = path_1.default.resolve(from);
        const dirs = this.#getDirs(from);
        const firstDirIter = await dirs.next();
        if (firstDirIter.done) {
          throw new Error(`Could not find any folders to iterate through (start from ${from})`);
        }
        let currentDir = firstDirIter.value;
        const search = async () => {
          if (await (0, util_js_1.isDirectory)(currentDir.path)) {
            for (const filepath of this.getSearchPlacesForDir(currentDir, defaults_1.globalConfigSearchPlaces)) {
              try {
                const result = await this.#readConfiguration(filepath);
                if (result !== null && !(result.isEmpty && this.config.ignoreEmptySearchPlaces)) {
                  return await this.config.transform(result);
                }
              } catch (error2) {
                if (error2.code === "ENOENT" || error2.code === "EISDIR" || error2.code === "ENOTDIR" || error2.code === "EACCES") {
                  continue;
                }
                throw error2;
              }
            }
          }
          const nextDirIter = await dirs.next();
          if (!nextDirIter.done) {
            currentDir = nextDirIter.value;
            if (this.searchCache) {
              return await (0, util_js_1.emplace)(this.searchCache, currentDir.path, search);
            }
            return await search();
          }
          return await this.config.transform(null);
        };
        if (this.searchCache) {
          return await (0, util_js_1.emplace)(this.searchCache, from, search);
        }
        return await search();
      }
      async #readConfiguration(filepath, importStack = []) {
        const contents = await promises_1.default.readFile(filepath, { encoding: "utf-8" });
        return this.toCosmiconfigResult(filepath, await this.#loadConfigFileWithImports(filepath, contents, importStack));
      }
      async #loadConfigFileWithImports(filepath, contents, importStack) {
        const loadedContent = await this.#loadConfiguration(filepath, contents);
        if (!loadedContent || !(0, merge_1.hasOwn)(loadedContent, "$import")) {
          return loadedContent;
        }
        const fileDirectory = path_1.default.dirname(filepath);
        const { $import: imports, ...ownContent } = loadedContent;
        const importPaths = Array.isArray(imports) ? imports : [imports];
        const newImportStack = [...importStack, filepath];
        this.validateImports(filepath, importPaths, newImportStack);
        const importedConfigs = await Promise.all(importPaths.map(async (importPath) => {
          const fullPath = path_1.default.resolve(fileDirectory, importPath);
          const result = await this.#readConfiguration(fullPath, newImportStack);
          return result?.config;
        }));
        return (0, merge_1.mergeAll)([...importedConfigs, ownContent], {
          mergeArrays: this.config.mergeImportArrays
        });
      }
      async #loadConfiguration(filepath, contents) {
        if (contents.trim() === "") {
          return;
        }
        const extension = path_1.default.extname(filepath);
        const loader = this.config.loaders[extension || "noExt"] ?? this.config.loaders["default"];
        if (!loader) {
          throw new Error(`No loader specified for ${(0, ExplorerBase_js_1.getExtensionDescription)(extension)}`);
        }
        try {
          const loadedContents = await loader(filepath, contents);
          if (path_1.default.basename(filepath, extension) !== "package") {
            return loadedContents;
          }
          return (0, util_js_1.getPropertyByPath)(loadedContents, this.config.packageProp ?? this.config.moduleName) ?? null;
        } catch (error2) {
          error2.filepath = filepath;
          throw error2;
        }
      }
      async #fileExists(path15) {
        try {
          await promises_1.default.stat(path15);
          return true;
        } catch (e) {
          return false;
        }
      }
      async *#getDirs(startDir) {
        switch (this.config.searchStrategy) {
          case "none": {
            yield { path: startDir, isGlobalConfig: false };
            return;
          }
          case "project": {
            let currentDir = startDir;
            while (true) {
              yield { path: currentDir, isGlobalConfig: false };
              let foundPackageFile = false;
              for (const ext of ["json", "yaml"]) {
                const packageFile = path_1.default.join(currentDir, `package.${ext}`);
                if (await this.#fileExists(packageFile)) {
                  foundPackageFile = true;
                  break;
                }
              }
              if (foundPackageFile) {
                return;
              }
              const parentDir = path_1.default.dirname(currentDir);
              if (parentDir === currentDir) {
                return;
              }
              currentDir = parentDir;
            }
          }
          case "global": {
            yield* this.getGlobalDirs(startDir);
          }
        }
      }
    };
    exports.Explorer = Explorer;
  }
});

// node_modules/cosmiconfig/dist/ExplorerSync.js
var require_ExplorerSync = __commonJS({
  "node_modules/cosmiconfig/dist/ExplorerSync.js"(exports) {
    "use strict";
    var __importDefault = exports && exports.__importDefault || function(mod) {
      return mod && mod.__esModule ? mod : { "default": mod };
    };
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ExplorerSync = void 0;
    var fs_1 = __importDefault(__require("fs"));
    var path_1 = __importDefault(__require("path"));
    var defaults_1 = require_defaults();
    var ExplorerBase_js_1 = require_ExplorerBase();
    var merge_1 = require_merge2();
    var util_js_1 = require_util();
    var ExplorerSync = class extends ExplorerBase_js_1.ExplorerBase {
      load(filepath) {
        filepath = path_1.default.resolve(filepath);
        const load = () => {
          return this.config.transform(this.#readConfiguration(filepath));
        };
        if (this.loadCache) {
          return (0, util_js_1.emplace)(this.loadCache, filepath, load);
        }
        return load();
      }
      search(from = "") {
        if (this.config.metaConfigFilePath) {
          this.loadingMetaConfig = true;
          const config = this.load(this.config.metaConfigFilePath);
          this.loadingMetaConfig = false;
          if (config && !config.isEmpty) {
            return config;
          }
        }
        from = path_1.default.resolve(from);
        const dirs = this.#getDirs(from);
        const firstDirIter = dirs.next();
        if (firstDirIter.done) {
          throw new Error(`Could not find any folders to iterate through (start from ${from})`);
        }
        let currentDir = firstDirIter.value;
        const search = () => {
          if ((0, util_js_1.isDirectorySync)(currentDir.path)) {
            for (const filepath of this.getSearchPlacesForDir(currentDir, defaults_1.globalConfigSearchPlacesSync)) {
              try {
                const result = this.#readConfiguration(filepath);
                if (result !== null && !(result.isEmpty && this.config.ignoreEmptySearchPlaces)) {
                  return this.config.transform(result);
                }
              } catch (error2) {
                if (error2.code === "ENOENT" || error2.code === "EISDIR" || error2.code === "ENOTDIR" || error2.code === "EACCES") {
                  continue;
                }
                throw error2;
              }
            }
          }
          const nextDirIter = dirs.next();
          if (!nextDirIter.done) {
            currentDir = nextDirIter.value;
            if (this.searchCache) {
              return (0, util_js_1.emplace)(this.searchCache, currentDir.path, search);
            }
            return search();
          }
          return this.config.transform(null);
        };
        if (this.searchCache) {
          return (0, util_js_1.emplace)(this.searchCache, from, search);
        }
        return search();
      }
      #readConfiguration(filepath, importStack = []) {
        const contents = fs_1.default.readFileSync(filepath, "utf8");
        return this.toCosmiconfigResult(filepath, this.#loadConfigFileWithImports(filepath, contents, importStack));
      }
      #loadConfigFileWithImports(filepath, contents, importStack) {
        const loadedContent = this.#loadConfiguration(filepath, contents);
        if (!loadedContent || !(0, merge_1.hasOwn)(loadedContent, "$import")) {
          return loadedContent;
        }
        const fileDirectory = path_1.default.dirname(filepath);
        const { $import: imports, ...ownContent } = loadedContent;
        const importPaths = Array.isArray(imports) ? imports : [imports];
        const newImportStack = [...importStack, filepath];
        this.validateImports(filepath, importPaths, newImportStack);
        const importedConfigs = importPaths.map((importPath) => {
          const fullPath = path_1.default.resolve(fileDirectory, importPath);
          const result = this.#readConfiguration(fullPath, newImportStack);
          return result?.config;
        });
        return (0, merge_1.mergeAll)([...importedConfigs, ownContent], {
          mergeArrays: this.config.mergeImportArrays
        });
      }
      #loadConfiguration(filepath, contents) {
        if (contents.trim() === "") {
          return;
        }
        const extension = path_1.default.extname(filepath);
        const loader = this.config.loaders[extension || "noExt"] ?? this.config.loaders["default"];
        if (!loader) {
          throw new Error(`No loader specified for ${(0, ExplorerBase_js_1.getExtensionDescription)(extension)}`);
        }
        try {
          const loadedContents = loader(filepath, contents);
          if (path_1.default.basename(filepath, extension) !== "package") {
            return loadedContents;
          }
          return (0, util_js_1.getPropertyByPath)(loadedContents, this.config.packageProp ?? this.config.moduleName) ?? null;
        } catch (error2) {
          error2.filepath = filepath;
          throw error2;
        }
      }
      #fileExists(path15) {
        try {
          fs_1.default.statSync(path15);
          return true;
        } catch (e) {
          return false;
        }
      }
      *#getDirs(startDir) {
        switch (this.config.searchStrategy) {
          case "none": {
            yield { path: startDir, isGlobalConfig: false };
            return;
          }
          case "project": {
            let currentDir = startDir;
            while (true) {
              yield { path: currentDir, isGlobalConfig: false };
              let foundPackageFile = false;
              for (const ext of ["json", "yaml"]) {
                const packageFile = path_1.default.join(currentDir, `package.${ext}`);
                if (this.#fileExists(packageFile)) {
                  foundPackageFile = true;
                  break;
                }
              }
              if (foundPackageFile) {
                return;
              }
              const parentDir = path_1.default.dirname(currentDir);
              if (parentDir === currentDir) {
                return;
              }
              currentDir = parentDir;
            }
          }
          case "global": {
            yield* this.getGlobalDirs(startDir);
          }
        }
      }
      /**
       * @deprecated Use {@link ExplorerSync.prototype.load}.
       */
      /* istanbul ignore next */
      loadSync(filepath) {
        return this.load(filepath);
      }
      /**
       * @deprecated Use {@link ExplorerSync.prototype.search}.
       */
      /* istanbul ignore next */
      searchSync(from = "") {
        return this.search(from);
      }
    };
    exports.ExplorerSync = ExplorerSync;
  }
});

// node_modules/cosmiconfig/dist/index.js
var require_dist = __commonJS({
  "node_modules/cosmiconfig/dist/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.defaultLoadersSync = exports.defaultLoaders = exports.globalConfigSearchPlacesSync = exports.globalConfigSearchPlaces = exports.getDefaultSearchPlacesSync = exports.getDefaultSearchPlaces = void 0;
    exports.cosmiconfig = cosmiconfig;
    exports.cosmiconfigSync = cosmiconfigSync;
    var defaults_1 = require_defaults();
    Object.defineProperty(exports, "defaultLoaders", { enumerable: true, get: function() {
      return defaults_1.defaultLoaders;
    } });
    Object.defineProperty(exports, "defaultLoadersSync", { enumerable: true, get: function() {
      return defaults_1.defaultLoadersSync;
    } });
    Object.defineProperty(exports, "getDefaultSearchPlaces", { enumerable: true, get: function() {
      return defaults_1.getDefaultSearchPlaces;
    } });
    Object.defineProperty(exports, "getDefaultSearchPlacesSync", { enumerable: true, get: function() {
      return defaults_1.getDefaultSearchPlacesSync;
    } });
    Object.defineProperty(exports, "globalConfigSearchPlaces", { enumerable: true, get: function() {
      return defaults_1.globalConfigSearchPlaces;
    } });
    Object.defineProperty(exports, "globalConfigSearchPlacesSync", { enumerable: true, get: function() {
      return defaults_1.globalConfigSearchPlacesSync;
    } });
    var Explorer_js_1 = require_Explorer();
    var ExplorerSync_js_1 = require_ExplorerSync();
    var util_1 = require_util();
    var identity = function identity2(x) {
      return x;
    };
    function getUserDefinedOptionsFromMetaConfig() {
      const metaExplorer = new ExplorerSync_js_1.ExplorerSync({
        moduleName: "cosmiconfig",
        stopDir: process.cwd(),
        searchPlaces: defaults_1.metaSearchPlaces,
        ignoreEmptySearchPlaces: false,
        applyPackagePropertyPathToConfiguration: true,
        loaders: defaults_1.defaultLoaders,
        transform: identity,
        cache: true,
        metaConfigFilePath: null,
        mergeImportArrays: true,
        mergeSearchPlaces: true,
        searchStrategy: "none"
      });
      const metaConfig = metaExplorer.search();
      if (!metaConfig) {
        return null;
      }
      if (metaConfig.config?.loaders) {
        throw new Error("Can not specify loaders in meta config file");
      }
      if (metaConfig.config?.searchStrategy) {
        throw new Error("Can not specify searchStrategy in meta config file");
      }
      const overrideOptions = {
        mergeSearchPlaces: true,
        ...metaConfig.config ?? {}
      };
      return {
        config: (0, util_1.removeUndefinedValuesFromObject)(overrideOptions),
        filepath: metaConfig.filepath
      };
    }
    function getResolvedSearchPlaces(moduleName, toolDefinedSearchPlaces, userConfiguredOptions) {
      const userConfiguredSearchPlaces = userConfiguredOptions.searchPlaces?.map((path15) => path15.replace("{name}", moduleName));
      if (userConfiguredOptions.mergeSearchPlaces) {
        return [...userConfiguredSearchPlaces ?? [], ...toolDefinedSearchPlaces];
      }
      return userConfiguredSearchPlaces ?? /* istanbul ignore next */
      toolDefinedSearchPlaces;
    }
    function mergeOptionsBase(moduleName, defaults, options) {
      const userDefinedConfig = getUserDefinedOptionsFromMetaConfig();
      if (!userDefinedConfig) {
        return {
          ...defaults,
          ...(0, util_1.removeUndefinedValuesFromObject)(options),
          loaders: {
            ...defaults.loaders,
            ...options.loaders
          }
        };
      }
      const userConfiguredOptions = userDefinedConfig.config;
      const toolDefinedSearchPlaces = options.searchPlaces ?? defaults.searchPlaces;
      return {
        ...defaults,
        ...(0, util_1.removeUndefinedValuesFromObject)(options),
        metaConfigFilePath: userDefinedConfig.filepath,
        ...userConfiguredOptions,
        searchPlaces: getResolvedSearchPlaces(moduleName, toolDefinedSearchPlaces, userConfiguredOptions),
        loaders: {
          ...defaults.loaders,
          ...options.loaders
        }
      };
    }
    function validateOptions(options) {
      if (options.searchStrategy != null && options.searchStrategy !== "global" && options.stopDir) {
        throw new Error('Can not supply `stopDir` option with `searchStrategy` other than "global"');
      }
    }
    function mergeOptions(moduleName, options) {
      validateOptions(options);
      const defaults = {
        moduleName,
        searchPlaces: (0, defaults_1.getDefaultSearchPlaces)(moduleName),
        ignoreEmptySearchPlaces: true,
        cache: true,
        transform: identity,
        loaders: defaults_1.defaultLoaders,
        metaConfigFilePath: null,
        mergeImportArrays: true,
        mergeSearchPlaces: true,
        searchStrategy: options.stopDir ? "global" : "none"
      };
      return mergeOptionsBase(moduleName, defaults, options);
    }
    function mergeOptionsSync(moduleName, options) {
      validateOptions(options);
      const defaults = {
        moduleName,
        searchPlaces: (0, defaults_1.getDefaultSearchPlacesSync)(moduleName),
        ignoreEmptySearchPlaces: true,
        cache: true,
        transform: identity,
        loaders: defaults_1.defaultLoadersSync,
        metaConfigFilePath: null,
        mergeImportArrays: true,
        mergeSearchPlaces: true,
        searchStrategy: options.stopDir ? "global" : "none"
      };
      return mergeOptionsBase(moduleName, defaults, options);
    }
    function cosmiconfig(moduleName, options = {}) {
      const normalizedOptions = mergeOptions(moduleName, options);
      const explorer = new Explorer_js_1.Explorer(normalizedOptions);
      return {
        search: explorer.search.bind(explorer),
        load: explorer.load.bind(explorer),
        clearLoadCache: explorer.clearLoadCache.bind(explorer),
        clearSearchCache: explorer.clearSearchCache.bind(explorer),
        clearCaches: explorer.clearCaches.bind(explorer)
      };
    }
    function cosmiconfigSync(moduleName, options = {}) {
      const normalizedOptions = mergeOptionsSync(moduleName, options);
      const explorerSync = new ExplorerSync_js_1.ExplorerSync(normalizedOptions);
      return {
        search: explorerSync.search.bind(explorerSync),
        load: explorerSync.load.bind(explorerSync),
        clearLoadCache: explorerSync.clearLoadCache.bind(explorerSync),
        clearSearchCache: explorerSync.clearSearchCache.bind(explorerSync),
        clearCaches: explorerSync.clearCaches.bind(explorerSync)
      };
    }
  }
});

// src/action/run.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { writeFileSync as writeFileSync3 } from "node:fs";
import path14 from "node:path";

// src/engine/define-rule.ts
function defineRule(rule) {
  return rule;
}
function formatMessage(template, data) {
  if (!data) {
    return template;
  }
  return template.replace(PLACEHOLDER_RE, (whole, name) => {
    const value = data[name];
    return value === void 0 ? whole : String(value);
  });
}
var PLACEHOLDER_RE = /\{\{\s*(\w+)\s*\}\}/g;
function messageOf(rule, messageId) {
  const template = rule.messages[messageId];
  if (template === void 0) {
    throw new Error(`rule ${rule.id} reported unknown message id "${messageId}"`);
  }
  return template;
}

// src/engine/entropy.ts
function shannonEntropy(value) {
  if (value.length === 0) {
    return 0;
  }
  const counts = /* @__PURE__ */ new Map();
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let bits = 0;
  for (const count2 of counts.values()) {
    const share = count2 / value.length;
    bits -= share * Math.log2(share);
  }
  return bits;
}

// rules/lib/placeholders.ts
var EXAMPLE_WORD = "EXAMPLE";
function hasRepeatedRun(value, length) {
  let run = 1;
  for (let index = 1; index < value.length; index++) {
    run = value.charCodeAt(index) === value.charCodeAt(index - 1) ? run + 1 : 1;
    if (run >= length) {
      return true;
    }
  }
  return length <= 1 && value.length > 0;
}
function hasSequentialRun(value, length) {
  let up = 1;
  let down = 1;
  for (let index = 1; index < value.length; index++) {
    const step = value.charCodeAt(index) - value.charCodeAt(index - 1);
    up = step === 1 ? up + 1 : 1;
    down = step === -1 ? down + 1 : 1;
    if (up >= length || down >= length) {
      return true;
    }
  }
  return false;
}
function isPeriodic(value, maxPeriod) {
  for (let period = 1; period <= Math.min(maxPeriod, value.length >> 1); period++) {
    let repeats = true;
    for (let index = period; index < value.length && repeats; index++) {
      repeats = value.charCodeAt(index) === value.charCodeAt(index - period);
    }
    if (repeats) {
      return true;
    }
  }
  return false;
}
function hasExampleWord(value) {
  return value.toUpperCase().includes(EXAMPLE_WORD);
}
var MAX_PERIOD = 16;
function looksLikePlaceholder(value, runLength = 6) {
  return hasExampleWord(value) || hasRepeatedRun(value, runLength) || hasSequentialRun(value, runLength) || isPeriodic(value, MAX_PERIOD);
}

// rules/lib/key-ids.ts
var PAIR_DISTANCE = 600;
var KEY_ID_RE = /(AKIA|ASIA|ABIA|ACCA)([A-Z2-7]{16})(?![A-Za-z0-9])/g;
var ALNUM_RE = /[A-Za-z0-9]/;
var ESCAPE_BEFORE_RE = /\\[nrt]$/;
function isKeyStart(text2, start) {
  if (start === 0 || !ALNUM_RE.test(text2.charAt(start - 1))) {
    return true;
  }
  return ESCAPE_BEFORE_RE.test(text2.slice(Math.max(0, start - 2), start));
}
var KEY_ID_LENGTH = 20;
var BASE64_BEFORE_RE = /[A-Za-z0-9+/]/;
var BASE64_AFTER_RE = /[A-Za-z0-9+/=]/;
var BASE64_RUN_EXTRA = 16;
var KEY_BODY_RUN = 6;
var LEGACY_FIRST_CHARS = /* @__PURE__ */ new Set(["I", "J"]);
var BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
var ACCOUNT_CHARS = 10;
var ACCOUNT_MASK = 0x7fffffffff80n;
var ACCOUNT_SHIFT = 7n;
function accountIdOf(keyId) {
  const body = keyId.slice(4);
  if (body.length !== 16 || LEGACY_FIRST_CHARS.has(body.charAt(0))) {
    return void 0;
  }
  let bits = 0n;
  for (const char of body.slice(0, ACCOUNT_CHARS)) {
    bits = bits << 5n | BigInt(BASE32_ALPHABET.indexOf(char));
  }
  const first48 = bits >> 2n;
  return ((first48 & ACCOUNT_MASK) >> ACCOUNT_SHIFT).toString().padStart(12, "0");
}
var PATH_SLASH_SHARE = 1 / 12;
function isInsideBase64Run(text2, start, end) {
  let left = 0;
  while (left < BASE64_RUN_EXTRA && BASE64_BEFORE_RE.test(text2.charAt(start - left - 1))) {
    left += 1;
  }
  let right = 0;
  while (left + right < BASE64_RUN_EXTRA && BASE64_AFTER_RE.test(text2.charAt(end + right))) {
    right += 1;
  }
  if (left + right < BASE64_RUN_EXTRA) {
    return false;
  }
  const around = text2.slice(start - left, start) + text2.slice(end, end + right);
  const slashes = around.split("/").length - 1;
  return slashes <= around.length * PATH_SLASH_SHARE;
}
function findKeyIds(text2) {
  const found = [];
  for (const match of text2.matchAll(KEY_ID_RE)) {
    const value = match[0];
    const end = match.index + KEY_ID_LENGTH;
    if (!isKeyStart(text2, match.index) || looksLikePlaceholder(match[2] ?? "", KEY_BODY_RUN)) {
      continue;
    }
    if (isInsideBase64Run(text2, match.index, end)) {
      continue;
    }
    const prefix = match[1] ?? "";
    found.push({ start: match.index, value, prefix, accountId: accountIdOf(value), paired: false });
  }
  return found;
}
function nearestKeyId(keyIds, at) {
  let low = 0;
  let high = keyIds.length;
  while (low < high) {
    const mid = low + high >> 1;
    if ((keyIds[mid]?.start ?? 0) < at) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  const candidates = [keyIds[low - 1], keyIds[low]].filter((keyId) => keyId !== void 0);
  let best;
  for (const keyId of candidates) {
    const distance = Math.abs(keyId.start - at);
    if (distance <= PAIR_DISTANCE && (best === void 0 || distance < Math.abs(best.start - at))) {
      best = keyId;
    }
  }
  return best;
}
function accountPhrase(keyId) {
  if (keyId?.accountId !== void 0) {
    return `account ${keyId.accountId}`;
  }
  return "an account that older key IDs do not encode";
}

// rules/lib/assignments.ts
var CONNECTOR_SOURCE = String.raw`[\s"'\x60:=,|>()[\]{}\\?.]{1,16}`;
var NAME_SUFFIX_SOURCE = String.raw`(?:[_\-.][A-Za-z0-9]{1,12}){0,2}`;
var CSV_SEPARATOR = ",";
var CSV_MAX_ROWS = 1e4;
function csvColumnCells(text2, isName) {
  const headerEnd = lineEnd(text2, 0);
  const header = text2.slice(0, headerEnd).split(CSV_SEPARATOR);
  if (header.length < 2) {
    return [];
  }
  const columns = new Set(header.flatMap((name, index) => isName(unquote(name)) ? [index] : []));
  if (columns.size === 0) {
    return [];
  }
  const cells = [];
  let start = headerEnd + 1;
  for (let row = 0; row < CSV_MAX_ROWS && start < text2.length; row++) {
    const end = lineEnd(text2, start);
    cells.push(...cellsOfRow(text2, start, end, columns));
    start = end + 1;
  }
  return cells;
}
function cellsOfRow(text2, start, end, columns) {
  const cells = [];
  let cellStart = start;
  for (let column = 0; cellStart <= end; column++) {
    const next = text2.indexOf(CSV_SEPARATOR, cellStart);
    const cellEnd = next === -1 || next > end ? end : next;
    if (columns.has(column)) {
      cells.push({ start: cellStart, value: text2.slice(cellStart, cellEnd) });
    }
    cellStart = cellEnd + 1;
  }
  return cells;
}
function lineEnd(text2, start) {
  const newline = text2.indexOf("\n", start);
  const end = newline === -1 ? text2.length : newline;
  return end > start && text2.charCodeAt(end - 1) === 13 ? end - 1 : end;
}
function unquote(cell) {
  return cell.trim().replace(/^"|"$/g, "");
}

// rules/lib/secret-candidates.ts
var SECRET_VALUE_RE = /[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/y;
var SECRET_WORD_RE = /secret/gi;
var WORD_LENGTH = "secret".length;
var AWS_BEFORE_RE = /aws[_\-. ]?$/i;
var NAME_TAIL_RE = /([_\-. ]?access)?([_\-. ]?key)?/iy;
var TO_VALUE_RE = new RegExp(`${NAME_SUFFIX_SOURCE}${CONNECTOR_SOURCE}`, "y");
var GENERIC_NAME_RE = new RegExp(
  `(?:key|pass(?:word|wd)?|pwd|token|cred(?:ential)?s?)${NAME_SUFFIX_SOURCE}${CONNECTOR_SOURCE}(?=[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=]))`,
  "gi"
);
var AFTER_KEY_ID_RE = /[\s:;,|'"]{1,4}/y;
var SECRET_COLUMN_RE = /^(?:aws[_ ]?)?secret[_ ]?access[_ ]?key$/i;
var TERRAFORM_PATH_RE = /\.(?:tf|tfvars|hcl)$/;
function secretValueAt(text2, at) {
  SECRET_VALUE_RE.lastIndex = at;
  return SECRET_VALUE_RE.exec(text2)?.[0];
}
function strengthAt(text2, at) {
  const hasAws = AWS_BEFORE_RE.test(text2.slice(Math.max(0, at - 4), at));
  NAME_TAIL_RE.lastIndex = at + WORD_LENGTH;
  const tail = NAME_TAIL_RE.exec(text2);
  const end = at + WORD_LENGTH + (tail?.[0].length ?? 0);
  if (tail?.[1] !== void 0 || hasAws) {
    return { strength: "strong", end };
  }
  return { strength: tail?.[2] === void 0 ? "bare" : "weak", end };
}
function valueAfter(text2, at) {
  TO_VALUE_RE.lastIndex = at;
  const connector = TO_VALUE_RE.exec(text2);
  if (connector === null) {
    return void 0;
  }
  const start = at + connector[0].length;
  const value = secretValueAt(text2, start);
  return value === void 0 ? void 0 : { start, value };
}
function isAwsFile(file) {
  return TERRAFORM_PATH_RE.test(file.path) || file.hasKeyword("aws");
}
function fromNames(file, text2, keyIds) {
  const found = [];
  for (const match of text2.matchAll(SECRET_WORD_RE)) {
    const { strength, end } = strengthAt(text2, match.index);
    const candidate = valueAfter(text2, end);
    if (candidate === void 0) {
      continue;
    }
    const isNear = nearestKeyId(keyIds, candidate.start) !== void 0;
    if (strength === "strong" || isNear || strength === "weak" && isAwsFile(file)) {
      found.push(candidate);
    }
  }
  return found;
}
function windowsAround(text2, keyIds) {
  const windows = [];
  for (const keyId of keyIds) {
    const from = Math.max(0, keyId.start - PAIR_DISTANCE);
    const to = Math.min(text2.length, keyId.start + keyId.value.length + PAIR_DISTANCE);
    const last = windows.at(-1);
    if (last !== void 0 && from <= last[1]) {
      last[1] = to;
    } else {
      windows.push([from, to]);
    }
  }
  return windows;
}
function nearKeyIds(text2, keyIds) {
  const found = [];
  for (const keyId of keyIds) {
    AFTER_KEY_ID_RE.lastIndex = keyId.start + keyId.value.length;
    const gap = AFTER_KEY_ID_RE.exec(text2);
    const adjacent = gap === null ? void 0 : secretValueAt(text2, AFTER_KEY_ID_RE.lastIndex);
    if (adjacent !== void 0) {
      found.push({ start: AFTER_KEY_ID_RE.lastIndex, value: adjacent });
    }
  }
  for (const [from, to] of windowsAround(text2, keyIds)) {
    for (const match of text2.slice(from, to).matchAll(GENERIC_NAME_RE)) {
      const start = from + match.index + match[0].length;
      const value = secretValueAt(text2, start);
      if (value !== void 0) {
        found.push({ start, value });
      }
    }
  }
  return found;
}
function fromCsv(text2) {
  const firstLine2 = text2.slice(0, Math.max(0, text2.indexOf("\n")));
  if (!firstLine2.toLowerCase().includes("secret")) {
    return [];
  }
  return csvColumnCells(text2, (name) => SECRET_COLUMN_RE.test(name)).flatMap((cell) => {
    const value = secretValueAt(text2, cell.start);
    return value !== void 0 && value.length === cell.value.trim().length ? [{ start: cell.start, value }] : [];
  });
}
function secretCandidatesOf(file, keyIds) {
  const text2 = file.text ?? "";
  const all = [...fromNames(file, text2, keyIds), ...nearKeyIds(text2, keyIds), ...fromCsv(text2)];
  const byStart = new Map(all.map((candidate) => [candidate.start, candidate]));
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

// rules/lib/aws-credentials.ts
var SECRET_MIN_ENTROPY = 4;
var DOCUMENTATION_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
var HEX_RE = /^[0-9a-fA-F]+$/;
var LETTERS_RE = /^[A-Za-z]+$/;
var TWO_CAPITALS_RE = /[A-Z]{2}/;
var NO_CAPITAL_RE = /^[^A-Z]*$/;
function isPlausibleSecret(value) {
  if (value === DOCUMENTATION_SECRET || HEX_RE.test(value) || NO_CAPITAL_RE.test(value)) {
    return false;
  }
  if (LETTERS_RE.test(value) && !TWO_CAPITALS_RE.test(value)) {
    return false;
  }
  return shannonEntropy(value) >= SECRET_MIN_ENTROPY && !looksLikePlaceholder(value);
}
function scan(file) {
  const keyIds = findKeyIds(file.text ?? "");
  const secrets = secretCandidatesOf(file, keyIds).filter((candidate) => isPlausibleSecret(candidate.value)).map((candidate) => ({ ...candidate, pairedWith: nearestKeyId(keyIds, candidate.start) }));
  for (const secret of secrets) {
    if (secret.pairedWith !== void 0) {
      secret.pairedWith.paired = true;
    }
  }
  return { keyIds, secrets };
}
function awsCredentialsOf(file) {
  return file.memo("aws-credentials", () => scan(file));
}

// rules/lib/aws-help.ts
var INCIDENT_STEPS = [
  "1. Disable the access key in IAM now: IAM console, or",
  "   `aws iam update-access-key --access-key-id <key-id> --status Inactive`.",
  "   Disabling can be undone; deleting cannot, so disable first.",
  "2. Create a new access key (better: move the application to an IAM role).",
  "3. Update every application that used the old key; keep the new one in the environment or",
  "   a secret store (Secrets Manager, Parameter Store), never in code.",
  "4. Check CloudTrail in the account named in the finding for calls made with the old key",
  "   (`aws cloudtrail lookup-events --lookup-attributes",
  "   AttributeKey=AccessKeyId,AttributeValue=<key-id>`), and review recent usage and billing.",
  "5. Delete the old key, remove it from the code and purge it from git history",
  "   (`git filter-repo --replace-text`), then have every clone refreshed.",
  "6. Report the incident if your organisation's security policy asks for it."
];
var TEMPORARY_STEPS = [
  "Temporary keys (`ASIA...`, with a session token) cannot be disabled one by one and expire",
  "on their own (15 minutes to 36 hours). Revoke the active sessions of the role that issued",
  'them (IAM console, role, "Revoke active sessions"), then find what leaked them; steps 4 and',
  "5 still apply."
];
function awsIncidentHelp(intro) {
  return [intro, "", ...INCIDENT_STEPS, "", ...TEMPORARY_STEPS].join("\n");
}

// rules/aws-access-key-id.ts
var KEY_KINDS = {
  AKIA: "long-term",
  ASIA: "temporary, STS",
  ABIA: "STS service bearer token",
  ACCA: "context-specific"
};
var TEMPORARY_PREFIX = "ASIA";
function messageIdOf(keyId) {
  const base = keyId.prefix === TEMPORARY_PREFIX ? "temporaryKeyId" : "accessKeyId";
  return keyId.paired ? `${base}Pair` : base;
}
var aws_access_key_id_default = defineRule({
  kind: "content",
  id: "aws-access-key-id",
  description: "Detect AWS access key IDs that can sign requests",
  severity: "error",
  provider: "aws",
  tags: ["security", "secret", "aws"],
  since: "0.1.0",
  stability: "preview",
  keywords: ["akia", "asia", "abia", "acca"],
  help: awsIncidentHelp(
    "An access key ID names a credential; with its secret access key it signs AWS requests."
  ),
  messages: {
    accessKeyId: "AWS access key ID ({{kind}}) of {{account}} found; disable it in IAM and rotate it.",
    accessKeyIdPair: "AWS access key ID ({{kind}}) of {{account}} found with its secret access key: together they form a usable credential; disable the key in IAM now.",
    temporaryKeyId: "Temporary AWS access key ID (STS) of {{account}} found; revoke the sessions of the role that issued it.",
    temporaryKeyIdPair: "Temporary AWS access key ID (STS) of {{account}} found with its secret access key: together they form a usable credential until it expires; revoke the role sessions now."
  },
  examples: {
    flagged: [
      { text: "AWS_ACCESS_KEY_ID=AKIAZ7TBQ2XL5MWE3RVN\n", path: "deploy.sh" },
      { text: 'const key = "ASIAQ4NW7XKZT2PLM5RB";\n', path: "src/client.ts" }
    ],
    notFlagged: [
      { text: "key: AKIAIOSFODNN7EXAMPLE\n", note: "the documentation example key" },
      { text: 'id = "AIDAZ7TBQ2XL5MWE3RVN"\n', note: "an IAM user unique ID, not a key" },
      { text: "key = AKIAXXXXXXXXXXXXXXXX\n", note: "a placeholder" },
      { text: "blob: xAKIAZ7TBQ2XL5MWE3RVNq\n", note: "inside a longer alphanumeric run" }
    ]
  },
  check(file, report) {
    for (const keyId of awsCredentialsOf(file).keyIds) {
      report({
        messageId: messageIdOf(keyId),
        data: { kind: KEY_KINDS[keyId.prefix] ?? keyId.prefix, account: accountPhrase(keyId) },
        start: keyId.start,
        value: keyId.value,
        properties: {
          keyType: keyId.prefix,
          temporary: keyId.prefix === TEMPORARY_PREFIX,
          paired: keyId.paired,
          ...keyId.accountId === void 0 ? {} : { accountId: keyId.accountId }
        }
      });
    }
  }
});

// rules/aws-bedrock-api-key.ts
var LONG_PREFIX = "ABSKQmVkcm9ja0FQSUtleS";
var SHORT_PREFIX = "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t";
var LONG_TERM_RE = new RegExp(
  `(?<![A-Za-z0-9+/])${LONG_PREFIX}[A-Za-z0-9+/]{100,400}={0,2}(?![A-Za-z0-9+/=])`,
  "g"
);
var SHORT_TERM_RE = new RegExp(
  `(?<![A-Za-z0-9-])${SHORT_PREFIX}[A-Za-z0-9+/]*={0,2}(?:&Version=\\d+)?(?![A-Za-z0-9+/=])`,
  "g"
);
var PLACEHOLDER_RUN = 10;
var SAMPLE_BODY = "Lt5vN8qW2zR6kP1xF4mJ9cB3hD7sG0aYuE".repeat(4);
function isPlaceholder(value) {
  return hasExampleWord(value) || hasRepeatedRun(value, PLACEHOLDER_RUN);
}
var aws_bedrock_api_key_default = defineRule({
  kind: "content",
  id: "aws-bedrock-api-key",
  description: "Detect Amazon Bedrock API keys, long-term and short-term",
  severity: "error",
  provider: "aws",
  tags: ["security", "secret", "aws"],
  since: "0.1.0",
  stability: "preview",
  keywords: ["absk", "bedrock-api-key-"],
  help: [
    "A Bedrock API key calls Bedrock models as its IAM user; usage is billed to the account.",
    '1. Long-term key (`ABSK...`): delete or deactivate it now (IAM console, the user, "API keys',
    '   for Amazon Bedrock"; or `aws iam delete-service-specific-credential`), then create a new',
    "   one. Short-term key (`bedrock-api-key-...`): it lasts at most 12 hours and cannot be",
    "   revoked alone; revoke the sessions of the role that created it.",
    "2. Update every application that used the key; keep keys in the environment or a store.",
    "3. Check CloudTrail for Bedrock calls with the key and review Bedrock billing.",
    "4. Remove the key from the code and purge it from git history (`git filter-repo`)."
  ].join("\n"),
  messages: {
    longTermKey: "Amazon Bedrock API key (long-term) found; delete it in IAM and create a new one.",
    shortTermKey: "Amazon Bedrock API key (short-term, valid up to 12 hours) found; revoke the sessions of the role that created it."
  },
  examples: {
    flagged: [
      { text: `AWS_BEARER_TOKEN_BEDROCK=${LONG_PREFIX}${SAMPLE_BODY}=
`, path: ".env.local" },
      { text: `token = "${SHORT_PREFIX}${SAMPLE_BODY}&Version=1"
`, path: "client.py" }
    ],
    notFlagged: [
      { text: 'prefix = "bedrock-api-key-"\n', note: "the prefix alone" },
      { text: `key = ${LONG_PREFIX}${"EXAMPLE".repeat(16)}
`, note: "a placeholder" },
      { text: `key = ${LONG_PREFIX}1
`, note: "too short to be a key" }
    ]
  },
  check(file, report) {
    const text2 = file.text ?? "";
    const kinds = [
      { pattern: LONG_TERM_RE, messageId: "longTermKey", keyType: "long-term" },
      { pattern: SHORT_TERM_RE, messageId: "shortTermKey", keyType: "short-term" }
    ];
    for (const { pattern, messageId, keyType } of kinds) {
      for (const match of text2.matchAll(pattern)) {
        if (!isPlaceholder(match[0].slice(LONG_PREFIX.length))) {
          report({ messageId, start: match.index, value: match[0], properties: { keyType } });
        }
      }
    }
  }
});

// src/hygiene/values.ts
var PLACEHOLDER_SHAPES = [
  "<[^>]*>",
  "\\$\\{[^}]*\\}",
  "\\$[A-Za-z_]\\w*",
  "\\{\\{.*\\}\\}",
  "x+",
  "\\*+",
  "\\.{3,}",
  "-+",
  "_+",
  "#+"
];
var PLACEHOLDER_SHAPE_RE = new RegExp(`^(?:${PLACEHOLDER_SHAPES.join("|")})$`, "i");
var PLACEHOLDER_WORD_RE = /change.?me|replace|your|example|placeholder|dummy|fake|redacted|sample/i;
var PLACEHOLDER_VALUES = /* @__PURE__ */ new Set([
  "secret",
  "password",
  "pass",
  "none",
  "null",
  "nil",
  "undefined",
  "todo",
  "tbd",
  "empty",
  "value",
  "key",
  "token",
  "foo",
  "bar",
  "test"
]);
function isPlaceholder2(value) {
  const trimmed = value.trim();
  return trimmed === "" || PLACEHOLDER_SHAPE_RE.test(trimmed) || PLACEHOLDER_WORD_RE.test(trimmed) || PLACEHOLDER_VALUES.has(trimmed.toLowerCase());
}
var SECRET_NAMES = [
  "secret",
  "passw(?:or)?d",
  "pwd",
  "token",
  "api_?key",
  "access_?key",
  "private_?key",
  "credential",
  "dsn",
  "(?:^|_)key$"
];
var SECRET_NAME_RE = new RegExp(SECRET_NAMES.join("|"), "i");
var SCALAR_RE = /^(?:\d+(?:\.\d+)?|true|false|yes|no|on|off)$/i;
var URL_PASSWORD_RE = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s]+)@([^:/\s]+)/i;
var ACCESS_KEY_RE = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$/;
var TOKEN_RE = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9+/=_.-]{20,}$/;
var TOKEN_ENTROPY_BITS = 3.5;
function isRealLooking(name, value) {
  const trimmed = value.trim();
  if (isPlaceholder2(trimmed) || SCALAR_RE.test(trimmed)) {
    return false;
  }
  const url = URL_PASSWORD_RE.exec(trimmed);
  if (url) {
    return !isPlaceholder2(url[1] ?? "") && !isLocalHost(url[2] ?? "");
  }
  if (SECRET_NAME_RE.test(name) || ACCESS_KEY_RE.test(trimmed)) {
    return true;
  }
  return TOKEN_RE.test(trimmed) && entropyOf(trimmed) >= TOKEN_ENTROPY_BITS;
}
function isLocalHost(host) {
  return host === "localhost" || host === "127.0.0.1" || host === "::1";
}
function entropyOf(text2) {
  const counts = /* @__PURE__ */ new Map();
  for (const char of text2) {
    counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let bits = 0;
  for (const count2 of counts.values()) {
    const p = count2 / text2.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

// src/hygiene/ini.ts
var SECTION_RE = /^\[([^\[\]]+)\]$/;
var KEY_VALUE_RE = /^([A-Za-z_][\w.-]*)[ \t]*[=:][ \t]*(.*)$/;
var COMMENT_RE = /^[#;]/;
var KEY_ID = "aws_access_key_id";
var SECRET_KEY = "aws_secret_access_key";
var SESSION_TOKEN = "aws_session_token";
function findIniCredentials(text2) {
  const sections = [];
  let offset = 0;
  for (const rawLine of text2.split("\n")) {
    const line = rawLine.replace(/\r$/, "");
    const trimmed = line.trim();
    const lead = line.length - line.trimStart().length;
    const lineStart = offset;
    offset += rawLine.length + 1;
    if (trimmed === "" || COMMENT_RE.test(trimmed)) {
      continue;
    }
    const header = SECTION_RE.exec(trimmed);
    if (header) {
      const name = (header[1] ?? "").trim();
      sections.push({ name, hasKeyId: false, hasSecret: false, start: -1, end: -1 });
      continue;
    }
    const pair = KEY_VALUE_RE.exec(trimmed);
    if (!pair) {
      return void 0;
    }
    recordPair(sections.at(-1), pair, lineStart + lead);
  }
  const found = sections.find(
    (section) => section.hasKeyId && (isProfile(section.name) || section.hasSecret)
  );
  if (!found) {
    return void 0;
  }
  return { section: found.name, value: text2.slice(found.start, found.end), offset: found.start };
}
function recordPair(section, pair, start) {
  const name = (pair[1] ?? "").toLowerCase();
  const value = (pair[2] ?? "").trim();
  if (!section || isPlaceholder2(value) || ![KEY_ID, SECRET_KEY, SESSION_TOKEN].includes(name)) {
    return;
  }
  const valueStart = start + pair[0].length - (pair[2] ?? "").length;
  section.start = section.start === -1 ? valueStart : Math.min(section.start, valueStart);
  section.end = Math.max(section.end, valueStart + value.length);
  section.hasKeyId ||= name === KEY_ID;
  section.hasSecret ||= name === SECRET_KEY;
}
function isProfile(name) {
  return name === "default" || /^profile\s+\S/.test(name);
}

// src/gitignore/required.ts
var import_ignore = __toESM(require_ignore(), 1);

// src/errors.ts
var KeyfenceError = class extends Error {
  name = "KeyfenceError";
  /**
   * @param kind which part of the run failed, shown as the message's prefix
   * @param message what went wrong, in one sentence
   * @param hint what to do about it
   */
  kind;
  hint;
  constructor(kind, message, hint) {
    super(message);
    this.kind = kind;
    this.hint = hint;
  }
};
function usageError(message, hint = "Run `keyfence --help` for usage.") {
  return new KeyfenceError("usage", message, hint);
}

// src/gitignore/required.ts
var DEFAULT_REQUIRED_ENTRIES = [
  ".env",
  ".env.local",
  ".env.production",
  "*.env",
  ".aws/credentials",
  ".aws/config",
  "*.log",
  "logs/"
];
var resolved = /* @__PURE__ */ new WeakMap();
var matchers = /* @__PURE__ */ new WeakMap();
function requiredEntries(config) {
  const cached2 = resolved.get(config);
  if (cached2) {
    return cached2;
  }
  const section = config["gitignore"] ?? {};
  const base = section.required ?? DEFAULT_REQUIRED_ENTRIES;
  const entries = [...base, ...section.add ?? []].map((entry) => entry.trim());
  entries.forEach(checkEntry);
  for (const entry of section.remove ?? []) {
    if (!entries.includes(entry.trim())) {
      throw new KeyfenceError(
        "config",
        `"gitignore.remove" names "${entry}", which is not a required entry`,
        `The required entries are: ${entries.join(", ")}.`
      );
    }
  }
  const removed = new Set((section.remove ?? []).map((entry) => entry.trim()));
  const result = [...new Set(entries)].filter((entry) => !removed.has(entry));
  resolved.set(config, result);
  return result;
}
function checkEntry(entry) {
  if (entry === "" || entry.startsWith("#") || entry.startsWith("!")) {
    throw new KeyfenceError(
      "config",
      `"gitignore" entry "${entry}" is not a pattern that ignores files`,
      'Give plain .gitignore patterns such as ".env" or "logs/": no comments or negations.'
    );
  }
}
function isRequiredPath(path15, config) {
  let matcher = matchers.get(config);
  if (!matcher) {
    const entries = requiredEntries(config);
    matcher = { entries, literals: entries.map(literalPieces) };
    matchers.set(config, matcher);
  }
  const mayMatch = matcher.literals.some(
    (pieces) => pieces === void 0 || pieces.every((piece) => path15.includes(piece))
  );
  if (!mayMatch) {
    return false;
  }
  matcher.ignore ??= (0, import_ignore.default)({ ignorecase: false }).add([...matcher.entries]);
  return matcher.ignore.ignores(path15);
}
function literalPieces(entry) {
  if (/[\\[]/.test(entry)) {
    return void 0;
  }
  return entry.split(/[*?/]+/).filter((piece) => piece !== "");
}

// src/hygiene/path-finding.ts
var WHERE = {
  tree: "is tracked or can be committed",
  staged: "is staged for commit",
  history: "was committed"
};
function pathReport(file, messageIds) {
  const isCovered = isRequiredPath(file.path, file.config);
  return {
    messageId: isCovered ? messageIds.covered : messageIds.uncovered,
    data: { path: file.path, where: WHERE[file.mode] },
    value: file.path,
    secret: false,
    properties: { coveredByRequiredEntries: isCovered }
  };
}
function baseName(path15) {
  return path15.slice(path15.lastIndexOf("/") + 1);
}

// rules/aws-credentials-file.ts
var CLI_FILE_RE = /(?:^|\/)\.aws\/(?:credentials|config)$/;
var KEY_NAME = "aws_access_key_id";
var aws_credentials_file_default = defineRule({
  kind: "path",
  id: "aws-credentials-file",
  description: "Detect AWS CLI credential and config files and INI files holding AWS keys",
  severity: "error",
  provider: "aws",
  tags: ["security", "hygiene", "aws"],
  since: "0.1.0",
  stability: "preview",
  help: [
    "AWS CLI files hold long-term keys for every profile on a machine.",
    "1. Deactivate each key the file held (`aws iam update-access-key --status Inactive`).",
    "2. Untrack the file with `git rm --cached FILE`; a `.gitignore` entry alone does not.",
    "3. Purge it from history and keep credentials in `~/.aws`, outside every repository."
  ].join("\n"),
  messages: {
    cliFileCovered: "AWS CLI file `{{path}}` {{where}}: adding it to `.gitignore` does not remove it from the index or from history; run `git rm --cached {{path}}`, then rotate every key it held.",
    cliFileUncovered: "AWS CLI file `{{path}}` {{where}}; add it to `.gitignore`, run `git rm --cached {{path}}`, then rotate every key it held.",
    iniCredentials: "`{{path}}` is an AWS credentials file: profile [{{section}}] sets aws_access_key_id; run `git rm --cached {{path}}` and deactivate the key."
  },
  examples: {
    flagged: [
      { path: ".aws/credentials", text: "[default]\nregion = eu-west-1\n" },
      { path: "ci/home/.aws/config", text: "[profile ci]\nregion = eu-west-1\n" },
      {
        path: "deploy/creds.ini",
        text: "[default]\naws_access_key_id = AKIAZ7TBQ2XL5MWE3RVN\n",
        note: "an INI file anywhere, found by its content"
      }
    ],
    notFlagged: [
      { path: "src/aws/config.ts", text: 'export const region = "eu-west-1";\n' },
      {
        path: "docs/setup.md",
        text: "# Setup\nPut this in ~/.aws/credentials:\n[default]\naws_access_key_id = AKIAZ7TBQ2XL5MWE3RVN\n",
        note: "prose around it: not an INI file"
      },
      { path: "config.ini", text: "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n" }
    ]
  },
  // Any file may be an INI credentials file, so every path is a candidate; check() rejects
  // nearly all of them with one byte search.
  appliesTo(path15) {
    return CLI_FILE_RE.test(path15);
  },
  keywords: [KEY_NAME],
  check(file, report) {
    if (CLI_FILE_RE.test(file.path)) {
      report(pathReport(file, { covered: "cliFileCovered", uncovered: "cliFileUncovered" }));
      return;
    }
    if (file.text === void 0 || !file.hasKeyword(KEY_NAME)) {
      return;
    }
    const found = findIniCredentials(file.text);
    if (found) {
      report({
        messageId: "iniCredentials",
        data: { path: file.path, section: found.section },
        start: found.offset,
        value: found.value,
        properties: { section: found.section }
      });
    }
  }
});

// rules/aws-secret-access-key.ts
var SAMPLE_SECRET = "q7Rk2Lw9TzX4bN8cVp1MsD6fH3jY0uE5gA/iKo+W";
var aws_secret_access_key_default = defineRule({
  kind: "content",
  id: "aws-secret-access-key",
  description: "Detect AWS secret access keys named as such or next to their key ID",
  severity: "error",
  provider: "aws",
  tags: ["security", "secret", "aws"],
  since: "0.1.0",
  stability: "preview",
  keywords: ["secret", "akia", "asia", "abia", "acca"],
  help: awsIncidentHelp(
    "A secret access key signs AWS requests for its access key ID; whoever has both acts as the key owner."
  ),
  messages: {
    secretAccessKey: "AWS secret access key found; disable its access key in IAM and rotate it.",
    secretAccessKeyPair: "AWS secret access key found with its access key ID of {{account}}: together they form a usable credential; disable the key in IAM now."
  },
  examples: {
    flagged: [
      { text: `aws_secret_access_key = ${SAMPLE_SECRET}
`, path: ".aws/credentials" },
      { text: `secretAccessKey: '${SAMPLE_SECRET}',
`, path: "src/s3.ts" }
    ],
    notFlagged: [
      { text: "AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\n", note: "a reference" },
      {
        text: `aws_secret_access_key = ${"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
`,
        note: "the documentation example secret"
      },
      { text: `commit = ${"0123456789abcdef".repeat(3).slice(0, 40)}
`, note: "a hex digest" },
      { text: `value = ${SAMPLE_SECRET}
`, note: "no context says it is an AWS secret" }
    ]
  },
  check(file, report) {
    for (const secret of awsCredentialsOf(file).secrets) {
      const keyId = secret.pairedWith;
      report({
        messageId: keyId === void 0 ? "secretAccessKey" : "secretAccessKeyPair",
        data: { account: accountPhrase(keyId) },
        start: secret.start,
        value: secret.value,
        properties: {
          paired: keyId !== void 0,
          ...keyId?.accountId === void 0 ? {} : { accountId: keyId.accountId }
        }
      });
    }
  }
});

// rules/aws-session-token.ts
var NAME_RE = /(?:session|security)[_\-. ]?token/gi;
var VALUE_RE = new RegExp(
  `${NAME_SUFFIX_SOURCE}${CONNECTOR_SOURCE}([A-Za-z0-9+/%]{100,}={0,2})(?![A-Za-z0-9+/%=])`,
  "y"
);
var MIN_ENTROPY = 4.5;
var COLUMN_RE = /^(?:aws[_ ]?)?session[_ ]?token$/i;
var NAME_KEYWORDS = ["session", "security"].flatMap(
  (word) => ["", "_", "-", ".", " "].map((separator) => `${word}${separator}token`)
);
var SAMPLE_TOKEN = "IQoJb3JpZ2luX2VjE" + "Kx9mQ2vR7tZ4pL8wN3sF6hJ1dG5bC0yU".repeat(4) + "Aw==";
function tokensOf(file) {
  const text2 = file.text ?? "";
  const found = [];
  NAME_RE.lastIndex = file.firstKeywordAt?.(NAME_KEYWORDS) ?? 0;
  for (const match of text2.matchAll(NAME_RE)) {
    VALUE_RE.lastIndex = match.index + match[0].length;
    const value = VALUE_RE.exec(text2)?.[1];
    if (value !== void 0) {
      found.push({ start: VALUE_RE.lastIndex - value.length, value });
    }
  }
  for (const cell of csvColumnCells(text2, (name) => COLUMN_RE.test(name))) {
    found.push({ start: cell.start, value: cell.value.trim() });
  }
  return found.filter(
    (token) => shannonEntropy(token.value) >= MIN_ENTROPY && !looksLikePlaceholder(token.value, 8)
  );
}
var aws_session_token_default = defineRule({
  kind: "content",
  id: "aws-session-token",
  description: "Detect AWS STS session tokens under a session-token name",
  severity: "error",
  provider: "aws",
  tags: ["security", "secret", "aws"],
  since: "0.1.0",
  stability: "preview",
  keywords: NAME_KEYWORDS,
  help: awsIncidentHelp(
    "A session token completes a temporary (`ASIA...`) key: with the key ID and secret it signs requests as the role that issued it until the session expires."
  ),
  messages: {
    sessionToken: "AWS session token found; it belongs to a temporary key, so revoke the sessions of the role that issued it."
  },
  examples: {
    flagged: [
      { text: `aws_session_token = ${SAMPLE_TOKEN}
`, path: ".aws/credentials" },
      { text: `  "SessionToken": "${SAMPLE_TOKEN}",
`, path: "sts-output.json" }
    ],
    notFlagged: [
      { text: "AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}\n", note: "a reference" },
      { text: `session_token = "${"x".repeat(120)}"
`, note: "a placeholder" },
      { text: `cache = ${SAMPLE_TOKEN}
`, note: "no session-token name" }
    ]
  },
  check(file, report) {
    const seen = /* @__PURE__ */ new Set();
    for (const token of tokensOf(file)) {
      if (!seen.has(token.start)) {
        seen.add(token.start);
        report({ messageId: "sessionToken", start: token.start, value: token.value });
      }
    }
  }
});

// src/hygiene/deploy.ts
import { createRequire } from "node:module";
var KEY_NAMES = /* @__PURE__ */ new Set(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
var WORKFLOW_RE = /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i;
var COMPOSE_RE = /^(?:docker-)?compose(?:\.[\w-]+)*\.ya?ml$/i;
var REFERENCE_RE = {
  workflow: /\$\{\{.*\}\}/,
  compose: /^\$\{?[A-Za-z_]\w*/,
  kubernetes: /^\$\([A-Za-z_]\w*\)$/,
  ecs: void 0
};
var yaml;
function loadYaml() {
  yaml ??= createRequire(import.meta.url)("yaml");
  return yaml;
}
function findStaticKeys(path15, text2) {
  const parser = loadYaml();
  const found = [];
  for (const doc of parser.parseAllDocuments(text2)) {
    if (!("errors" in doc) || doc.errors.length > 0) {
      continue;
    }
    const kind = kindOf(path15, doc.contents, parser);
    if (kind) {
      const envKeys = envKeysOf(kind, doc.contents, parser);
      walk(parser, doc.contents, void 0, { kind, envKeys, found });
    }
  }
  return found;
}
function isManifestCandidate(path15) {
  return /\.(?:ya?ml|json)$/i.test(path15);
}
function kindOf(path15, root, parser) {
  if (WORKFLOW_RE.test(path15)) {
    return "workflow";
  }
  if (COMPOSE_RE.test(baseName(path15))) {
    return "compose";
  }
  if (parser.isMap(root) && root.has("apiVersion") && root.has("kind")) {
    return "kubernetes";
  }
  return hasKeyDeep(parser, root, "containerdefinitions") ? "ecs" : void 0;
}
function envKeysOf(kind, root, parser) {
  switch (kind) {
    case "workflow":
      return /* @__PURE__ */ new Set(["env"]);
    case "compose":
    case "ecs":
      return /* @__PURE__ */ new Set(["environment"]);
    case "kubernetes": {
      const resource = parser.isMap(root) ? String(root.get("kind")) : "";
      return new Set(resource === "Secret" ? ["env", "data", "stringdata"] : ["env"]);
    }
  }
}
function hasKeyDeep(parser, node, key, depth = 0) {
  if (depth > 6) {
    return false;
  }
  if (parser.isMap(node)) {
    return node.items.some(
      (pair) => keyOf(parser, pair.key) === key || hasKeyDeep(parser, pair.value, key, depth + 1)
    );
  }
  return parser.isSeq(node) && node.items.some((item) => hasKeyDeep(parser, item, key, depth + 1));
}
function walk(parser, node, parentKey, state) {
  const isEnv = parentKey !== void 0 && state.envKeys.has(parentKey);
  if (parser.isMap(node)) {
    for (const pair of node.items) {
      const key = parser.isScalar(pair.key) ? String(pair.key.value) : "";
      if (isEnv && KEY_NAMES.has(key)) {
        record(parser, key, pair.value, state);
      }
      walk(parser, pair.value, key.toLowerCase(), state);
    }
  } else if (parser.isSeq(node)) {
    for (const item of node.items) {
      if (isEnv) {
        recordItem(parser, item, state);
      }
      walk(parser, item, void 0, state);
    }
  }
}
function recordItem(parser, item, state) {
  if (parser.isMap(item)) {
    const name = item.items.find((pair) => keyOf(parser, pair.key) === "name")?.value;
    const value = item.items.find((pair) => keyOf(parser, pair.key) === "value")?.value;
    if (parser.isScalar(name) && KEY_NAMES.has(String(name.value))) {
      record(parser, String(name.value), value, state);
    }
    return;
  }
  if (parser.isScalar(item) && typeof item.value === "string") {
    const equals = item.value.indexOf("=");
    const name = equals === -1 ? "" : item.value.slice(0, equals);
    if (KEY_NAMES.has(name)) {
      record(parser, name, item, state, equals + 1);
    }
  }
}
function record(parser, name, node, state, skip = 0) {
  if (!parser.isScalar(node) || node.value === null || node.value === void 0) {
    return;
  }
  const value = String(node.value).slice(skip);
  if (value.trim() === "" || REFERENCE_RE[state.kind]?.test(value)) {
    return;
  }
  const isQuoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
  const offset = (node.range?.[0] ?? 0) + (isQuoted ? 1 : 0) + skip;
  state.found.push({ kind: state.kind, name, value, offset });
}
function keyOf(parser, key) {
  return parser.isScalar(key) ? String(key.value).toLowerCase() : "";
}

// rules/aws-static-credentials-in-deploy.ts
var aws_static_credentials_in_deploy_default = defineRule({
  kind: "path",
  id: "aws-static-credentials-in-deploy",
  description: "Detect deployment manifests that pass static AWS keys as environment variables",
  severity: "warning",
  provider: "aws",
  tags: ["security", "hygiene", "aws", "iam"],
  since: "0.1.0",
  stability: "preview",
  help: [
    "Production workloads should get short-lived credentials from an IAM role, not keys.",
    "- ECS: set `taskRoleArn` on the task definition and drop the variables.",
    "- EC2: attach an instance profile. Lambda: use its execution role.",
    "- Kubernetes on EKS: IRSA or EKS Pod Identity for the service account.",
    "- GitHub Actions: OIDC with `aws-actions/configure-aws-credentials` and `role-to-assume`.",
    "If a real key was written in the manifest, deactivate it and rotate it."
  ].join("\n"),
  messages: {
    workflow: "`{{name}}` is set to a literal value in a GitHub workflow; assume a role through OIDC (`aws-actions/configure-aws-credentials` with `role-to-assume`) or use a secrets reference.",
    compose: "`{{name}}` is set to a literal value in a compose file; pass it from the environment at run time, and use an IAM role where the containers run in production.",
    kubernetes: "`{{name}}` is set to a literal value in a Kubernetes manifest; give the service account an IAM role (IRSA or EKS Pod Identity) instead of static keys.",
    ecs: "`{{name}}` is set to a literal value in an ECS task definition; give the task an IAM task role (`taskRoleArn`) instead of static keys."
  },
  examples: {
    flagged: [
      {
        path: "k8s/deployment.yaml",
        text: [
          "apiVersion: apps/v1",
          "kind: Deployment",
          "spec:",
          "  template:",
          "    spec:",
          "      containers:",
          "        - name: app",
          "          env:",
          "            - name: AWS_ACCESS_KEY_ID",
          "              value: changeme",
          ""
        ].join("\n"),
        note: "a placeholder is still a static key"
      },
      {
        path: "docker-compose.yml",
        text: "services:\n  app:\n    environment:\n      - AWS_SECRET_ACCESS_KEY=abc123\n"
      },
      {
        path: ".github/workflows/deploy.yml",
        text: "on: push\nenv:\n  AWS_ACCESS_KEY_ID: AKIAZ7TBQ2XL5MWE3RVN\njobs: {}\n"
      }
    ],
    notFlagged: [
      {
        path: ".github/workflows/deploy.yml",
        text: "on: push\nenv:\n  AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}\njobs: {}\n"
      },
      {
        path: "k8s/deployment.yaml",
        text: [
          "apiVersion: v1",
          "kind: Pod",
          "spec:",
          "  containers:",
          "    - name: app",
          "      env:",
          "        - name: AWS_ACCESS_KEY_ID",
          "          valueFrom:",
          "            secretKeyRef: { name: aws, key: id }",
          ""
        ].join("\n")
      },
      {
        path: "config/settings.yaml",
        text: "env:\n  AWS_ACCESS_KEY_ID: abc\n",
        note: "not a deployment manifest"
      }
    ]
  },
  asks: ["aws_access_key_id", "aws_secret_access_key"],
  appliesTo(path15) {
    return isManifestCandidate(path15);
  },
  check(file, report) {
    const text2 = file.text;
    if (text2 === void 0) {
      return;
    }
    if (!file.hasKeyword("aws_access_key_id") && !file.hasKeyword("aws_secret_access_key")) {
      return;
    }
    for (const key of findStaticKeys(file.path, text2)) {
      report({
        messageId: key.kind,
        data: { name: key.name },
        start: key.offset,
        value: key.value,
        properties: { manifest: key.kind, variable: key.name }
      });
    }
  }
});

// src/hygiene/dotenv.ts
var TEMPLATE_WORDS = /* @__PURE__ */ new Set(["example", "sample", "template", "dist"]);
var DOTENV = ".env";
function classifyDotenv(path15) {
  const name = baseName(path15).toLowerCase();
  if (name === DOTENV || name === ".envrc") {
    return "dotenv";
  }
  const words = name.split(".");
  const last = words.at(-1) ?? "";
  if (name.startsWith(`${DOTENV}.`) || name.includes(`${DOTENV}.`)) {
    if (TEMPLATE_WORDS.has(last)) {
      return "template";
    }
    return name.startsWith(`${DOTENV}.`) ? "dotenv" : void 0;
  }
  if (name.endsWith(DOTENV) && name.length > DOTENV.length) {
    return TEMPLATE_WORDS.has(words.at(-2) ?? "") ? "template" : "dotenv";
  }
  return void 0;
}
var ASSIGNMENT_RE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*=[ \t]*(.*)$/gm;
function parseDotenv(text2) {
  const entries = [];
  for (const match of text2.matchAll(ASSIGNMENT_RE)) {
    const name = match[1] ?? "";
    const raw = (match[2] ?? "").replace(/\r$/, "");
    const valueStart = match.index + match[0].length - (match[2] ?? "").length;
    entries.push({ name, ...unquote2(raw, valueStart) });
  }
  return entries;
}
function unquote2(raw, start) {
  const quote = raw[0];
  if (quote === '"' || quote === "'" || quote === "`") {
    const close = raw.indexOf(quote, 1);
    return { value: raw.slice(1, close === -1 ? raw.length : close), offset: start + 1 };
  }
  const comment = raw.search(/[ \t]#/);
  return { value: (comment === -1 ? raw : raw.slice(0, comment)).trim(), offset: start };
}

// rules/dotenv-file.ts
var dotenv_file_default = defineRule({
  kind: "path",
  id: "dotenv-file",
  description: "Detect committed or staged dotenv files and templates holding real values",
  severity: "error",
  tags: ["security", "hygiene", "dotenv"],
  since: "0.1.0",
  stability: "preview",
  help: [
    "Dotenv files hold the secrets of one machine; they must never be in git.",
    "1. Untrack the file: `git rm --cached FILE` (a `.gitignore` entry alone does not).",
    "2. Add it to `.gitignore` so it is not added again (`keyfence scan --fix`).",
    "3. Rotate every secret it held: it stays readable in the history until purged.",
    "4. Commit a template (`.env.example`) with empty values or placeholders instead."
  ].join("\n"),
  messages: {
    dotenvCovered: "Dotenv file `{{path}}` {{where}}: adding it to `.gitignore` does not remove it from the index or from history; run `git rm --cached {{path}}`, then rotate every secret it held.",
    dotenvUncovered: "Dotenv file `{{path}}` {{where}}; add it to `.gitignore`, run `git rm --cached {{path}}`, then rotate every secret it held.",
    templateValue: "Template `{{path}}` holds a real-looking value for {{name}}; a template must hold only empty values or placeholders, so rotate that value and replace it."
  },
  examples: {
    flagged: [
      { path: ".env", text: "AWS_REGION=us-east-1\n" },
      { path: "services/api/.env.production", text: "DEBUG=false\n" },
      { path: "deploy/prod.env", text: "" },
      { path: ".env.example", text: "DB_HOST=db\nDB_PASSWORD=hunter2-prod-0\n" }
    ],
    notFlagged: [
      { path: ".env.example", text: "DB_HOST=localhost\nDB_PASSWORD=\nAPI_KEY=<your-api-key>\n" },
      { path: "src/env.ts", text: "export const env = process.env;\n" },
      { path: "docs/env.md", text: "# Environment\n" },
      { path: "src/environment.ts", text: "export {};\n" }
    ]
  },
  appliesTo(path15) {
    return classifyDotenv(path15) !== void 0;
  },
  check(file, report) {
    if (classifyDotenv(file.path) === "dotenv") {
      report(pathReport(file, { covered: "dotenvCovered", uncovered: "dotenvUncovered" }));
      return;
    }
    for (const entry of parseDotenv(file.text ?? "")) {
      if (isRealLooking(entry.name, entry.value)) {
        report({
          messageId: "templateValue",
          data: { path: file.path, name: entry.name },
          start: entry.offset,
          value: entry.value
        });
      }
    }
  }
});

// src/gitignore/coverage.ts
var import_ignore2 = __toESM(require_ignore(), 1);
function createIgnoreStack(gitignores, exclude, ignoreCase = false) {
  const load = (source) => ({
    ...source,
    matcher: (0, import_ignore2.default)({ ignorecase: ignoreCase }).add(source.text)
  });
  const stack = [...gitignores].sort((a, b) => depthOf(b.folder) - depthOf(a.folder)).map(load);
  if (exclude !== void 0) {
    stack.push(load({ folder: "", label: ".git/info/exclude", text: exclude }));
  }
  return {
    nestedFolders: gitignores.map((source) => source.folder).filter((folder) => folder !== ""),
    check: (path15) => checkPath(stack, path15, ignoreCase)
  };
}
function checkPath(stack, path15, ignoreCase) {
  const segments = path15.split("/");
  let last = { ignored: false, reincluded: false };
  for (let index = 1; index <= segments.length; index++) {
    const prefix = segments.slice(0, index).join("/");
    const isDirectory = index < segments.length;
    last = decide(stack, prefix, isDirectory, ignoreCase);
    if (last.ignored) {
      return last;
    }
  }
  return last;
}
function decide(stack, prefix, isDirectory, ignoreCase) {
  for (const source of stack) {
    if (source.folder !== "" && !prefix.startsWith(`${source.folder}/`)) {
      continue;
    }
    const relative = source.folder === "" ? prefix : prefix.slice(source.folder.length + 1);
    const result = testOwn(source, relative, isDirectory, ignoreCase);
    if (result.ignored || result.unignored) {
      return { ignored: result.ignored, decidedBy: source.label, reincluded: result.unignored };
    }
  }
  return { ignored: false, reincluded: false };
}
function testOwn(source, relative, isDirectory, ignoreCase) {
  const target = isDirectory ? `${relative}/` : relative;
  const parents = parentsOf(relative);
  if (!parents.some((parent) => source.matcher.test(`${parent}/`).ignored)) {
    return source.matcher.test(target);
  }
  const reincluded = parents.map((parent) => `!/${escapePattern(parent)}/`);
  return (0, import_ignore2.default)({ ignorecase: ignoreCase }).add(source.text).add(reincluded).test(target);
}
function parentsOf(relative) {
  const segments = relative.split("/");
  return segments.slice(1).map((_, index) => segments.slice(0, index + 1).join("/"));
}
var SPECIAL_RE = /[\\*?[\]]|^[#!]/g;
function escapePattern(literal) {
  return literal.replace(SPECIAL_RE, (char) => `\\${char}`);
}
function depthOf(folder) {
  return folder === "" ? 0 : folder.split("/").length;
}

// src/gitignore/fix.ts
var FIX_COMMENT = "# Added by keyfence: files that may hold secrets must stay out of git";
function appendEntries(text2, entries) {
  const existing = text2 ?? "";
  if (entries.length === 0) {
    return existing;
  }
  const eol = existing.includes("\r\n") ? "\r\n" : "\n";
  const block = [FIX_COMMENT, ...entries].join(eol) + eol;
  if (existing === "") {
    return block;
  }
  const ended = existing.endsWith("\n") ? existing : existing + eol;
  return ended + eol + block;
}

// src/gitignore/analyze.ts
var PROBE_FOLDER = "keyfence-probe";
var PROBE_NAME = "x";
function representativesOf(entry, nestedFolders) {
  let pattern = entry.trim();
  const isDirectory = pattern.endsWith("/");
  pattern = pattern.replace(/\/+$/, "");
  const isEverywhere = pattern.startsWith("**/");
  if (isEverywhere) {
    pattern = pattern.slice(3);
  }
  const isAnchored = !isEverywhere && (pattern.startsWith("/") || pattern.includes("/"));
  const sample = fillWildcards(pattern.replace(/^\/+/, ""));
  const suffix = isDirectory ? `/${PROBE_NAME}` : "";
  const folders = isAnchored ? [""] : ["", PROBE_FOLDER, ...nestedFolders];
  return [...new Set(folders.map((folder) => (folder ? `${folder}/` : "") + sample + suffix))];
}
function fillWildcards(pattern) {
  let out = "";
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] ?? "";
    if (char === "\\") {
      index += 1;
      out += pattern[index] ?? "";
    } else if (char === "*") {
      const stars = /^\*+/.exec(pattern.slice(index))?.[0].length ?? 1;
      const isGlobstarDir = stars > 1 && pattern[index + stars] === "/";
      index += stars - 1 + (isGlobstarDir ? 1 : 0);
      out += isGlobstarDir ? "" : PROBE_NAME;
    } else if (char === "?") {
      out += PROBE_NAME;
    } else if (char === "[") {
      const close = pattern.indexOf("]", index + 2);
      const body = close === -1 ? "" : pattern.slice(index + 1, close);
      out += close === -1 ? char : memberOf(body);
      index = close === -1 ? index : close;
    } else {
      out += char;
    }
  }
  return out;
}
function memberOf(body) {
  if (body.startsWith("!") || body.startsWith("^")) {
    return body.includes(PROBE_NAME) ? "q" : PROBE_NAME;
  }
  return body[0] ?? PROBE_NAME;
}
function findMissing(stack, entries) {
  const missing = [];
  for (const entry of entries) {
    for (const example of representativesOf(entry, stack.nestedFolders)) {
      const verdict = stack.check(example);
      if (!verdict.ignored) {
        const cause = verdict.reincluded ? verdict.decidedBy : void 0;
        missing.push({ entry, example, ...cause === void 0 ? {} : { reincludedBy: cause } });
        break;
      }
    }
  }
  return missing;
}
function fixableEntries(gitignores, exclude, missing, ignoreCase = false) {
  const entries = missing.map((item) => item.entry);
  const root = gitignores.find((source) => source.folder === "");
  const patched = {
    folder: "",
    label: ".gitignore",
    text: appendEntries(root?.text, entries)
  };
  const others = gitignores.filter((source) => source.folder !== "");
  const stack = createIgnoreStack([patched, ...others], exclude, ignoreCase);
  const stillMissing = new Set(findMissing(stack, entries).map((item) => item.entry));
  return entries.filter((entry) => !stillMissing.has(entry));
}

// src/gitignore/sources.ts
import { readFileSync } from "node:fs";
import path from "node:path";
var IGNORE_CASE_RE = /^\s*ignorecase\s*=\s*true\s*$/im;
async function readIgnoreInputs(repo) {
  const nested = repo.paths.filter((entry) => entry.endsWith("/.gitignore"));
  const folders = ["", ...nested.map((entry) => entry.slice(0, -"/.gitignore".length))];
  const gitignores = [];
  for (const folder of folders) {
    const label = folder === "" ? ".gitignore" : `${folder}/.gitignore`;
    const text2 = await repo.readText(label);
    if (text2 !== void 0) {
      gitignores.push({ folder, label, text: text2 });
    }
  }
  const commonDir = repo.gitDir ? await commonDirOf(repo.gitDir) : void 0;
  const readGitFile = (name) => commonDir ? readOptional(path.join(commonDir, name)) : Promise.resolve(void 0);
  const exclude = await readGitFile(path.join("info", "exclude"));
  const config = await readGitFile("config");
  return {
    gitignores,
    exclude,
    ignoreCase: IGNORE_CASE_RE.test(config ?? ""),
    hasRoot: gitignores.some((source) => source.folder === "")
  };
}
async function commonDirOf(gitDir) {
  const pointer = await readOptional(path.join(gitDir, "commondir"));
  return pointer === void 0 ? gitDir : path.resolve(gitDir, pointer.trim());
}
async function readOptional(file) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return void 0;
  }
}

// rules/gitignore-missing.ts
var ROOT_GITIGNORE = ".gitignore";
var gitignore_missing_default = defineRule({
  kind: "repository",
  id: "gitignore-missing",
  description: "Detect required .gitignore entries that the repository does not ignore",
  severity: "warning",
  tags: ["security", "hygiene", "gitignore"],
  since: "0.1.0",
  stability: "preview",
  help: [
    "Without these entries, `git add .` picks up environment, credential and log files.",
    "1. Add the missing entries to the root `.gitignore` (`keyfence scan --fix` does it).",
    "2. Remove a negation (`!pattern`) that re-includes one of them.",
    "3. If such a file is already committed, run `git rm --cached FILE` and rotate what it held."
  ].join("\n"),
  messages: {
    missingEntries: "`.gitignore` does not cover {{count}} required {{entries}}: {{missing}}; add them or run `keyfence scan --fix`.",
    noGitignore: "The repository has no `.gitignore`, so nothing keeps out {{missing}}; run `keyfence scan --fix` to create one."
  },
  examples: {
    flagged: [
      { path: ".gitignore", text: "node_modules/\n.env\n", note: "no .env.local, *.log, logs/..." },
      {
        path: ".gitignore",
        text: ".env*\n!.env.production\n*.env\n.aws/\n*.log\nlogs/\n",
        note: "the negation re-includes .env.production"
      }
    ],
    notFlagged: [
      {
        path: ".gitignore",
        text: `${DEFAULT_REQUIRED_ENTRIES.join("\n")}
`,
        note: "the guide's list"
      },
      { path: ".gitignore", text: ".env*\n*.env\n.aws/\n*.log\nlogs/\n", note: "broader patterns" }
    ]
  },
  isDue,
  async check(repo, report) {
    if (!repo.gitDir || !isDue(repo)) {
      return;
    }
    const entries = requiredEntries(repo.config);
    const inputs = await readIgnoreInputs(repo);
    const stack = createIgnoreStack(inputs.gitignores, inputs.exclude, inputs.ignoreCase);
    const missing = findMissing(stack, entries);
    if (missing.length === 0) {
      return;
    }
    const fixable = fixableEntries(inputs.gitignores, inputs.exclude, missing, inputs.ignoreCase);
    const listed = missing.map(describeMissing).join(", ");
    report({
      path: ROOT_GITIGNORE,
      messageId: inputs.hasRoot ? "missingEntries" : "noGitignore",
      data: {
        count: missing.length,
        entries: missing.length === 1 ? "entry" : "entries",
        missing: listed
      },
      value: missing.map((item) => item.entry).join(" "),
      secret: false,
      properties: {
        missing: missing.map((item) => item.entry).join("\n"),
        fixable: fixable.join("\n")
      }
    });
  }
});
function isDue(repo) {
  if (repo.mode !== "staged") {
    return repo.mode === "tree";
  }
  return repo.changedPaths.some(
    (entry) => entry === ROOT_GITIGNORE || entry.endsWith(`/${ROOT_GITIGNORE}`) || isRequiredPath(entry, repo.config)
  );
}
function describeMissing(item) {
  const cause = item.reincludedBy ? ` (re-included by ${item.reincludedBy})` : "";
  return `\`${item.entry}\`${cause}`;
}

// src/iam/data/sqs-actions.json
var sqs_actions_default = {
  source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html",
  snapshot: "salesforce/policy_sentry policy_sentry/shared/data/docs/list_amazonsqs.html @ commit 81b0a6663059a61cb7e64f7f2b8cfdcaf1b8a7ac (2026-06-14)",
  resource_types: {
    queue: "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"
  },
  actions: [
    {
      action: "sqs:AddPermission",
      access_level: "Permissions management",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to a queue for a specific principal"
    },
    {
      action: "sqs:CancelMessageMoveTask",
      access_level: "Write",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to cancel an in progress message move task"
    },
    {
      action: "sqs:ChangeMessageVisibility",
      access_level: "Write",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to change the visibility timeout of a specified message in a queue to a new value"
    },
    {
      action: "sqs:CreateQueue",
      access_level: "Write",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to create a new queue, or returns the URL of an existing one"
    },
    {
      action: "sqs:DeleteMessage",
      access_level: "Write",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to delete the specified message from the specified queue"
    },
    {
      action: "sqs:DeleteQueue",
      access_level: "Write",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to delete the queue specified by the queue URL, regardless of whether the queue is empty"
    },
    {
      action: "sqs:GetQueueAttributes",
      access_level: "Read",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to get attributes for the specified queue"
    },
    {
      action: "sqs:GetQueueUrl",
      access_level: "Read",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to return the URL of an existing queue"
    },
    {
      action: "sqs:ListDeadLetterSourceQueues",
      access_level: "Read",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to return a list of your queues that have the RedrivePolicy queue attribute configured with a dead letter queue"
    },
    {
      action: "sqs:ListMessageMoveTasks",
      access_level: "Read",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to list message move tasks"
    },
    {
      action: "sqs:ListQueueTags",
      access_level: "Read",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to list tags added to an SQS queue"
    },
    {
      action: "sqs:ListQueues",
      access_level: "Read",
      resource_types: [],
      description: "Grants permission to return a list of your queues"
    },
    {
      action: "sqs:PurgeQueue",
      access_level: "Write",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to delete the messages in a queue specified by the queue URL"
    },
    {
      action: "sqs:ReceiveMessage",
      access_level: "Read",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to retrieve one or more messages, with a maximum limit of 10 messages, from the specified queue"
    },
    {
      action: "sqs:RemovePermission",
      access_level: "Permissions management",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to revoke any permissions in the queue policy that matches the specified Label parameter"
    },
    {
      action: "sqs:SendMessage",
      access_level: "Write",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to deliver a message to the specified queue"
    },
    {
      action: "sqs:SetQueueAttributes",
      access_level: "Write",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to set the value of one or more queue attributes"
    },
    {
      action: "sqs:StartMessageMoveTask",
      access_level: "Write",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to start a message move task"
    },
    {
      action: "sqs:TagQueue",
      access_level: "Tagging",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to add tags to the specified SQS queue"
    },
    {
      action: "sqs:UntagQueue",
      access_level: "Tagging",
      resource_types: [
        "queue*"
      ],
      description: "Grants permission to remove tags from the specified SQS queue"
    }
  ]
};

// src/iam/actions.ts
var KNOWN_ACTIONS = sqs_actions_default.actions.map((entry) => ({
  name: entry.action.toLowerCase(),
  displayName: entry.action,
  resourceLess: entry.resource_types.length === 0
}));
var KNOWN_SERVICE = "sqs";
var NOT_IAM_ACTIONS = /* @__PURE__ */ new Set([
  // HeadBucket is authorized by s3:ListBucket, HeadObject by s3:GetObject.
  "s3:headbucket",
  "s3:headobject"
]);
var WILDCARD_RE = /[*?]/;
var EVERYTHING_RE = /^[*?]*\*[*?]*$/;
function grantOf(action) {
  return cached(GRANTS, action.toLowerCase(), computeGrant);
}
var MAX_CACHED = 4096;
var GRANTS = /* @__PURE__ */ new Map();
var PATTERNS = /* @__PURE__ */ new Map();
function cached(cache, key, compute) {
  const known = cache.get(key);
  if (known !== void 0) {
    return known;
  }
  if (cache.size >= MAX_CACHED) {
    cache.clear();
  }
  const value = compute(key);
  cache.set(key, value);
  return value;
}
function computeGrant(lower) {
  const hasWildcard = WILDCARD_RE.test(lower);
  const colon = lower.indexOf(":");
  if (colon === -1) {
    const everything = EVERYTHING_RE.test(lower);
    const known2 = everything ? KNOWN_ACTIONS.map((entry) => entry.name) : [];
    return { known: known2, beyond: everything, unknown: !everything, hasWildcard };
  }
  const servicePattern = lower.slice(0, colon);
  const namePattern = lower.slice(colon + 1);
  const coversKnown = patternToRegExp(servicePattern).test(KNOWN_SERVICE);
  const known = coversKnown ? matchingActions(namePattern) : [];
  const beyond = WILDCARD_RE.test(servicePattern) || !coversKnown;
  if (!beyond) {
    return { known, beyond, unknown: known.length === 0, hasWildcard };
  }
  const unknown2 = namePattern === "" || NOT_IAM_ACTIONS.has(lower);
  return { known, beyond: !unknown2, unknown: unknown2, hasWildcard };
}
function matchingActions(namePattern) {
  const pattern = patternToRegExp(`${KNOWN_SERVICE}:${namePattern}`);
  return KNOWN_ACTIONS.filter((entry) => pattern.test(entry.name)).map((entry) => entry.name);
}
function patternToRegExp(pattern) {
  return cached(PATTERNS, pattern, compilePattern);
}
function compilePattern(pattern) {
  const body = pattern.split("").map((char) => char === "*" ? ".*" : char === "?" ? "." : escapeRegExp(char)).join("");
  return new RegExp(`^${body}$`);
}
function escapeRegExp(char) {
  return /[.+^${}()|[\]\\/-]/.test(char) ? `\\${char}` : char;
}

// src/iam/issue.ts
function issueAt(ruleId, messageId, at, value, data = {}) {
  return { ruleId, messageId, data, start: at.start, end: Math.max(at.start, at.end), value };
}

// src/iam/node.ts
var MAX_DEPTH = 128;
function valueOf(node, key) {
  if (node?.kind !== "object") {
    return void 0;
  }
  return node.entries.find((entry) => entry.key === key)?.value;
}
function entryOf(node, key) {
  return node?.kind === "object" ? node.entries.find((entry) => entry.key === key) : void 0;
}
function stringOf(node) {
  return node?.kind === "string" ? node.value : void 0;
}
function itemsOf(node) {
  if (node === void 0) {
    return [];
  }
  return node.kind === "array" ? node.items : [node];
}

// src/iam/arn.ts
var PARTITIONS = [
  "aws",
  "aws-cn",
  "aws-us-gov",
  "aws-iso",
  "aws-iso-b",
  "aws-iso-e",
  "aws-iso-f"
];
var ARN_PARTS = 6;
function classifyResource(value, scope) {
  const segments = splitArn(value);
  const scheme = literalSegment(segments[0]);
  if (scheme === "*" && segments.length === 1) {
    return { kind: "wildcard" };
  }
  if (scheme !== "arn") {
    const first = value[0];
    return first && "unknown" in first ? { kind: "unresolved", label: first.label } : { kind: "invalid", reason: 'it is neither an ARN nor "*"' };
  }
  const padded = padArn(segments);
  if ("kind" in padded) {
    return padded;
  }
  const name = padded[5] ?? [];
  if (isAllWildcard(name)) {
    return { kind: "wildcard" };
  }
  return checkPartition(padded[1], scope) ?? checkService(padded[2], scope) ?? checkName(name, scope);
}
function splitArn(value) {
  const segments = [[]];
  for (const part of value) {
    if (!("text" in part)) {
      segments.at(-1)?.push(part);
      continue;
    }
    let rest = part.text;
    let colon = rest.indexOf(":");
    while (colon !== -1 && segments.length < ARN_PARTS) {
      segments.at(-1)?.push({ text: rest.slice(0, colon) });
      segments.push([]);
      rest = rest.slice(colon + 1);
      colon = rest.indexOf(":");
    }
    segments.at(-1)?.push({ text: rest });
  }
  return segments;
}
function padArn(segments) {
  if (segments.length >= ARN_PARTS) {
    return segments;
  }
  const last = segments.at(-1)?.at(-1);
  if (last && "unknown" in last) {
    return { kind: "unresolved", label: last.label };
  }
  if (!last?.text.endsWith("*")) {
    return { kind: "invalid", reason: "an ARN has six parts separated by colons" };
  }
  const padding = Array.from({ length: ARN_PARTS - segments.length }, () => [{ text: "*" }]);
  return [...segments, ...padding];
}
function checkPartition(segment, scope) {
  const parts = segment ?? [];
  if (parts.some((part) => "unknown" in part && part.unknown === "partition")) {
    return void 0;
  }
  const opaque2 = firstOpaque(parts);
  if (opaque2) {
    return { kind: "unresolved", label: opaque2 };
  }
  const partition = literalSegment(parts) ?? "";
  const covered = WILDCARD_RE.test(partition) ? PARTITIONS.filter((name) => patternToRegExp(partition).test(name)) : [partition];
  const refused = covered.find((name) => !scope.partitions.includes(name));
  return refused === void 0 ? void 0 : { kind: "outside", reason: `partition "${refused}" is not allowed` };
}
function checkService(segment, scope) {
  const parts = segment ?? [];
  const opaque2 = firstOpaque(parts);
  if (opaque2) {
    return { kind: "unresolved", label: opaque2 };
  }
  const service = literalSegment(parts) ?? "";
  if (service === scope.service) {
    return void 0;
  }
  return { kind: "outside", reason: `it names service "${service}", not "${scope.service}"` };
}
function checkName(name, scope) {
  const prefix = scope.queuePrefix;
  let literal = "";
  for (const part of name) {
    if ("unknown" in part) {
      if (literal.startsWith(prefix)) {
        return { kind: "inside" };
      }
      if (part.unknown !== "variable" && prefix.startsWith(literal)) {
        return { kind: "unresolved", label: part.label };
      }
      return outsidePrefix(literal, prefix);
    }
    const wildcard = part.text.search(WILDCARD_RE);
    literal += wildcard === -1 ? part.text : part.text.slice(0, wildcard);
    if (wildcard !== -1) {
      break;
    }
  }
  return literal.startsWith(prefix) ? { kind: "inside" } : outsidePrefix(literal, prefix);
}
function outsidePrefix(literal, prefix) {
  return {
    kind: "outside",
    reason: `the queue name's literal start "${literal}" is not "${prefix}\u2026"`
  };
}
function isAllWildcard(parts) {
  const literal = literalSegment(parts);
  return literal !== void 0 && literal.includes("*") && /^[*?]+$/.test(literal);
}
function literalSegment(parts) {
  let result = "";
  for (const part of parts ?? []) {
    if (!("text" in part)) {
      return void 0;
    }
    result += part.text;
  }
  return result;
}
function firstOpaque(parts) {
  for (const part of parts) {
    if ("unknown" in part) {
      return part.label;
    }
  }
  return void 0;
}

// src/iam/value.ts
var MAX_ALTERNATIVES = 64;
function text(value) {
  return { text: value };
}
function unknown(kind, label) {
  return { unknown: kind, label };
}
function literalOf(value) {
  let result = "";
  for (const part of value) {
    if (!("text" in part)) {
      return void 0;
    }
    result += part.text;
  }
  return result;
}
function product(lists) {
  let results = [[]];
  for (const list of lists) {
    if (results.length * list.length > MAX_ALTERNATIVES) {
      return void 0;
    }
    results = results.flatMap((prefix) => list.map((value) => [...prefix, ...value]));
  }
  return results;
}
function opaque(label) {
  return { values: [[unknown("opaque", label)]] };
}
var PLACEHOLDER_RE2 = /([$&])\{([^}]*)\}/g;
function splitTemplate(source, onPlaceholder) {
  const lists = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER_RE2)) {
    const sigil = match[1] === "&" ? "&" : "$";
    const escaped = sigil === "$" && source.charAt(match.index - 1) === "$";
    const before = source.slice(last, escaped ? match.index - 1 : match.index);
    lists.push([[text(before)]]);
    lists.push([...onPlaceholder(sigil, match[2] ?? "", escaped)]);
    last = match.index + match[0].length;
  }
  lists.push([[text(source.slice(last))]]);
  return product(lists)?.map(normalize);
}
function normalize(value) {
  const parts = [];
  for (const part of value) {
    const previous = parts.at(-1);
    if ("text" in part && part.text === "") {
      continue;
    }
    if ("text" in part && previous && "text" in previous) {
      parts[parts.length - 1] = text(previous.text + part.text);
    } else {
      parts.push(part);
    }
  }
  return parts;
}
function iamStringValue(source) {
  if (!source.includes("{")) {
    return source === "" ? [] : [text(source)];
  }
  const values = splitTemplate(
    source,
    (sigil, inner) => sigil === "$" ? [[unknown("variable", inner)]] : [[text(`&{${inner}}`)]]
  );
  return values?.[0] ?? [text(source)];
}

// src/iam/statement.ts
function labelOf(node, index) {
  const sid = stringOf(valueOf(node, "Sid"));
  return sid ? sid : `#${index + 1}`;
}
function readStatement(node, index, context, issues) {
  const label = labelOf(node, index);
  if (node.kind !== "object") {
    issues.push(malformed("statementNotObject", node, label, "Statement"));
    return void 0;
  }
  const before = issues.length;
  const effect = readEffect(node, label, context, issues);
  checkElementPairs(node, label, context.kind, issues);
  checkPrincipals(node, label, context, issues);
  const actions = evaluateElement(node, "Action", label, context, issues);
  const notActions = evaluateElement(node, "NotAction", label, context, issues);
  const notResources = evaluateElement(node, "NotResource", label, context, issues);
  const resources = evaluateElement(node, "Resource", label, context, issues)?.map((leaf) => ({
    ...leaf,
    verdicts: leaf.values.map((value) => classifyResource(value, context.settings))
  }));
  for (const leaf of resources ?? []) {
    const invalid2 = leaf.verdicts.find((verdict) => verdict.kind === "invalid");
    if (invalid2?.kind === "invalid") {
      issues.push(
        malformed("notAnArn", leaf.node, label, display(leaf.node, context), invalid2.reason)
      );
    }
  }
  if (issues.length > before || effect === void 0) {
    return void 0;
  }
  return { node, label, effect, actions, notActions, resources, notResources };
}
function readEffect(node, label, context, issues) {
  const effect = valueOf(node, "Effect");
  if (effect === void 0) {
    issues.push(malformed("invalidEffect", node, label, "Effect", "it is missing"));
    return void 0;
  }
  const evaluation = context.doc.resolver.evaluate(effect, context.doc.mode);
  const values = "values" in evaluation ? evaluation.values.map(literalOf) : [void 0];
  if (values.some((value) => value === void 0) && "values" in evaluation) {
    issues.push(unresolvedAt(effect, label, display(effect, context)));
    return void 0;
  }
  const invalid2 = values.find((value) => value !== "Allow" && value !== "Deny");
  if (values.length === 0 || invalid2 !== void 0) {
    const shown = invalid2 ?? display(effect, context);
    issues.push(malformed("invalidEffect", effect, label, shown, `it is "${shown}"`));
    return void 0;
  }
  return values.includes("Allow") ? "Allow" : "Deny";
}
function checkElementPairs(node, label, kind, issues) {
  const pairs = [
    ["Action", "NotAction", false],
    ["Resource", "NotResource", kind === "trust"]
  ];
  for (const [positive, negative, mayOmit] of pairs) {
    const has = entryOf(node, positive) !== void 0;
    const hasNot = entryOf(node, negative) !== void 0;
    if (has && hasNot) {
      const at = entryOf(node, negative)?.value ?? node;
      issues.push(malformed("bothElements", at, label, negative, `${positive}" and "${negative}`));
    } else if (!has && !hasNot && !mayOmit) {
      issues.push(
        malformed("missingElement", node, label, positive, `${positive}" nor "${negative}`)
      );
    }
  }
}
function checkPrincipals(node, label, context, issues) {
  const principal = valueOf(node, "Principal");
  const notPrincipal = valueOf(node, "NotPrincipal");
  const given = principal ?? notPrincipal;
  if (principal && notPrincipal) {
    issues.push(
      malformed(
        "bothElements",
        notPrincipal,
        label,
        "NotPrincipal",
        'Principal" and "NotPrincipal'
      )
    );
  } else if (given && context.kind === "identity") {
    issues.push(malformed("principalInIdentityPolicy", given, label, "Principal"));
  } else if (!given && (context.kind === "resource" || context.kind === "trust")) {
    issues.push(malformed("missingPrincipal", node, label, "Principal"));
  }
  if (given) {
    checkPrincipalValues(given, label, context, issues);
  }
}
function checkPrincipalValues(node, label, context, issues) {
  if (node.kind === "string") {
    if (node.value !== "*") {
      issues.push(malformed("invalidPrincipal", node, label, node.value));
    }
    return;
  }
  if (node.kind !== "object") {
    issues.push(malformed("invalidPrincipal", node, label, display(node, context)));
    return;
  }
  for (const entry of node.entries) {
    for (const leaf of context.doc.resolver.leaves(entry.value)) {
      const evaluation = context.doc.resolver.evaluate(leaf, context.doc.mode);
      if ("invalid" in evaluation) {
        issues.push(malformed("invalidPrincipal", leaf, label, display(leaf, context)));
        continue;
      }
      for (const value of evaluation.values) {
        const literal = literalOf(value);
        if (literal !== void 0 && literal !== "*" && /[*?]/.test(literal)) {
          issues.push(malformed("partialWildcardPrincipal", leaf, label, literal));
        }
      }
    }
  }
}
function evaluateElement(node, key, label, context, issues) {
  const element = valueOf(node, key);
  if (element === void 0) {
    return void 0;
  }
  const leaves = [];
  for (const leaf of context.doc.resolver.leaves(element)) {
    const evaluation = context.doc.resolver.evaluate(leaf, context.doc.mode);
    if ("invalid" in evaluation) {
      issues.push(
        malformed(
          "notAString",
          leaf,
          label,
          display(leaf, context),
          `${key}: ${evaluation.invalid}`
        )
      );
      continue;
    }
    leaves.push({ node: leaf, values: evaluation.values.map(normalize) });
  }
  return leaves;
}
function display(node, context) {
  const shown = node.kind === "string" ? node.value : context.source.slice(node.start, node.end);
  const flat = shown.replace(/\s+/g, " ").trim();
  return flat.length > MAX_SHOWN ? `${flat.slice(0, MAX_SHOWN)}\u2026` : flat;
}
var MAX_SHOWN = 120;
function malformed(messageId, at, label, shown, detail2 = "") {
  return issueAt("iam-malformed-policy", messageId, at, `${shown} (statement ${label})`, {
    statement: label,
    value: shown,
    detail: detail2
  });
}
function unresolvedAt(at, label, shown) {
  return issueAt(
    "iam-unresolved-reference",
    "unresolvedValue",
    at,
    `${shown} (statement ${label})`,
    {
      statement: label,
      value: shown,
      label: shown
    }
  );
}

// src/iam/analyze.ts
function analyzeDocument(doc, settings, source, issues) {
  const root = doc.node;
  const statementNode2 = valueOf(root, "Statement");
  if (root.kind !== "object" || statementNode2 === void 0) {
    issues.push(malformed("missingStatement", root, "document", "Statement"));
    return;
  }
  const statements = statementNode2.kind === "object" ? [statementNode2] : doc.resolver.leaves(statementNode2);
  const context = {
    doc,
    kind: effectiveKind(doc.kind, statements),
    settings,
    source
  };
  for (const [index, node] of statements.entries()) {
    const statement = readStatement(node, index, context, issues);
    if (statement?.effect === "Allow") {
      checkAllow(statement, context, issues);
    }
  }
}
function effectiveKind(kind, statements) {
  if (kind !== "unknown") {
    return kind;
  }
  const withPrincipal = statements.filter(
    (node) => entryOf(node, "Principal") !== void 0 || entryOf(node, "NotPrincipal") !== void 0
  );
  if (withPrincipal.length === 0) {
    return "unknown";
  }
  const isTrust = statements.every(
    (node) => valueOf(node, "Resource") === void 0 && valueOf(node, "NotResource") === void 0 && STS_ACTION_RE.test(firstString(valueOf(node, "Action")))
  );
  return isTrust ? "trust" : "resource";
}
var STS_ACTION_RE = /^sts:/i;
function firstString(node) {
  if (node?.kind === "string") {
    return node.value;
  }
  return node?.kind === "array" && node.items[0]?.kind === "string" ? node.items[0].value : "";
}
function checkAllow(statement, context, issues) {
  checkPublicPrincipal(statement, context, issues);
  const notPrincipal = valueOf(statement.node, "NotPrincipal");
  if (notPrincipal) {
    issues.push(finding("iam-not-principal", "notPrincipal", notPrincipal, statement, context));
  }
  if (context.kind === "trust") {
    return;
  }
  const resourceLess = checkActions(statement, context, issues);
  checkNotActions(statement, context, issues);
  checkResources(statement, resourceLess, context, issues);
  const [firstNotResource] = statement.notResources ?? [];
  if (firstNotResource) {
    issues.push(
      finding("iam-not-resource", "notResource", firstNotResource.node, statement, context)
    );
  }
}
function checkPublicPrincipal(statement, context, issues) {
  const principal = valueOf(statement.node, "Principal");
  const stars = principal?.kind === "string" ? [principal] : context.doc.resolver.leaves(valueOf(principal, "AWS") ?? { kind: "array", items: [], start: 0, end: 0 }).filter((leaf) => leaf.kind === "string" && leaf.value === "*");
  const conditioned = valueOf(statement.node, "Condition") !== void 0;
  for (const star of stars) {
    const issue = finding(
      "iam-public-principal",
      conditioned ? "publicPrincipalConditioned" : "publicPrincipal",
      star,
      statement,
      context
    );
    issues.push(conditioned ? { ...issue, severity: "warning" } : issue);
  }
}
function checkActions(statement, context, issues) {
  const { allowedActions, resourceLessActions } = context.settings;
  let resourceLess = statement.actions !== void 0;
  for (const leaf of statement.actions ?? []) {
    for (const value of leaf.values) {
      const action = literalOf(value);
      if (action === void 0) {
        issues.push(unresolved(leaf, value, statement, context));
        resourceLess = false;
        continue;
      }
      const grant = grantOf(action);
      const data = { action };
      if (grant.hasWildcard) {
        issues.push(
          finding("iam-wildcard-action", "wildcardAction", leaf.node, statement, context, data)
        );
      }
      if (grant.unknown) {
        issues.push(
          finding("iam-unknown-action", "unknownAction", leaf.node, statement, context, data)
        );
        resourceLess = false;
        continue;
      }
      const outside = grant.known.filter((name) => !allowedActions.has(name));
      const beyond = grant.beyond && !allowedActions.has(action.toLowerCase());
      if (outside.length > 0 || beyond) {
        const granted = describeGrant(outside, beyond);
        issues.push(
          finding("iam-action-not-allowed", "actionNotAllowed", leaf.node, statement, context, {
            action,
            granted
          })
        );
      }
      resourceLess &&= !grant.beyond && grant.known.length > 0 && grant.known.every((name) => resourceLessActions.has(name));
    }
  }
  return resourceLess;
}
function checkNotActions(statement, context, issues) {
  const [first] = statement.notActions ?? [];
  if (!first) {
    return;
  }
  const excluded = /* @__PURE__ */ new Set();
  let excludesEverything = false;
  for (const leaf of statement.notActions ?? []) {
    for (const value of leaf.values) {
      const grant = grantOf(literalOf(value) ?? "");
      grant.known.forEach((name) => excluded.add(name));
      excludesEverything ||= grant.beyond && grant.known.length === KNOWN_ACTIONS.length;
    }
  }
  issues.push(finding("iam-not-action", "notAction", first.node, statement, context));
  const granted = KNOWN_ACTIONS.map((entry) => entry.name).filter(
    (name) => !excluded.has(name) && !context.settings.allowedActions.has(name)
  );
  if (!excludesEverything) {
    const data = { granted: describeGrant(granted, true) };
    issues.push(
      finding(
        "iam-action-not-allowed",
        "notActionNotAllowed",
        first.node,
        statement,
        context,
        data
      )
    );
  }
}
function checkResources(statement, resourceLess, context, issues) {
  for (const leaf of statement.resources ?? []) {
    const reported = /* @__PURE__ */ new Set();
    for (const [index, verdict] of leaf.verdicts.entries()) {
      const issue = resourceIssue(verdict, leaf, leaf.values[index] ?? [], resourceLess, {
        statement,
        context
      });
      if (issue && !reported.has(issue.ruleId)) {
        reported.add(issue.ruleId);
        issues.push(issue);
      }
    }
  }
}
function resourceIssue(verdict, leaf, value, resourceLess, where) {
  const { statement, context } = where;
  const resource = literalOf(value) ?? display(leaf.node, context);
  switch (verdict.kind) {
    case "wildcard": {
      const data = { resource, prefix: context.settings.queuePrefix };
      const rule = "iam-wildcard-resource";
      return resourceLess ? void 0 : finding(rule, "wildcardResource", leaf.node, statement, context, data);
    }
    case "outside": {
      const data = { resource, reason: verdict.reason };
      return finding(
        "iam-resource-outside-prefix",
        "outsidePrefix",
        leaf.node,
        statement,
        context,
        data
      );
    }
    case "unresolved":
      return unresolved(leaf, value, statement, context, verdict.label);
    default:
      return void 0;
  }
}
function describeGrant(names, beyond) {
  const shown = names.slice(0, MAX_NAMES_SHOWN).map(displayAction);
  if (names.length > MAX_NAMES_SHOWN) {
    shown.push(`${names.length - MAX_NAMES_SHOWN} more SQS actions`);
  }
  if (beyond) {
    shown.push("actions of other services");
  }
  return shown.length <= 1 ? shown[0] ?? "" : `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}
var MAX_NAMES_SHOWN = 6;
function displayAction(lowercase) {
  return CANONICAL_NAMES.get(lowercase) ?? lowercase;
}
var CANONICAL_NAMES = new Map(
  KNOWN_ACTIONS.map((entry) => [entry.name, entry.displayName])
);
function finding(ruleId, messageId, node, statement, context, data = {}) {
  const shown = display(node, context);
  return issueAt(ruleId, messageId, node, `${shown} (statement ${statement.label})`, {
    statement: statement.label,
    value: shown,
    ...data
  });
}
function unresolved(leaf, value, statement, context, label) {
  const unknownPart = value.find((part) => "unknown" in part);
  const depends = label ?? (unknownPart && "label" in unknownPart ? unknownPart.label : "a value");
  return finding("iam-unresolved-reference", "unresolvedValue", leaf.node, statement, context, {
    label: depends
  });
}

// src/iam/config.ts
var DEFAULT_ALLOWED_ACTIONS = [
  "sqs:CreateQueue",
  "sqs:DeleteQueue",
  "sqs:GetQueueAttributes",
  "sqs:GetQueueUrl",
  "sqs:ListQueues",
  "sqs:SendMessage",
  "sqs:ReceiveMessage",
  "sqs:DeleteMessage",
  "sqs:PurgeQueue",
  "sqs:ChangeMessageVisibility"
];
var DEFAULTS = {
  allowedActions: DEFAULT_ALLOWED_ACTIONS,
  resourceLessActions: ["sqs:ListQueues"],
  queuePrefix: "wipsie-",
  partitions: ["aws"],
  service: "sqs"
};
var STRINGS = { type: "array", items: { type: "string" } };
var SETTINGS_PROPERTIES = {
  allowedActions: STRINGS,
  resourceLessActions: STRINGS,
  queuePrefix: { type: "string" },
  partitions: STRINGS,
  service: { type: "string" }
};
var IAM_CONFIG_SCHEMA = {
  type: "object",
  properties: {
    ...SETTINGS_PROPERTIES,
    overrides: {
      type: "array",
      items: { type: "object", properties: { files: STRINGS, ...SETTINGS_PROPERTIES } }
    }
  }
};
function settingsFor(config, path15) {
  const section = config["iam"] ?? {};
  let merged = {
    ...DEFAULTS,
    ...pickSettings(section)
  };
  for (const override of section.overrides ?? []) {
    if ((override.files ?? []).some((glob) => globToRegExp(glob).test(path15))) {
      merged = { ...merged, ...pickSettings(override) };
    }
  }
  return {
    allowedActions: new Set(merged.allowedActions.map((action) => action.toLowerCase())),
    resourceLessActions: new Set(merged.resourceLessActions.map((action) => action.toLowerCase())),
    queuePrefix: merged.queuePrefix,
    partitions: merged.partitions,
    service: merged.service
  };
}
function pickSettings(input) {
  const picked = {};
  for (const key of Object.keys(SETTINGS_PROPERTIES)) {
    if (input[key] !== void 0) {
      Object.assign(picked, { [key]: input[key] });
    }
  }
  return picked;
}
function globToRegExp(glob) {
  let body = "";
  for (let index = 0; index < glob.length; index++) {
    const char = glob.charAt(index);
    if (char === "*" && glob.charAt(index + 1) === "*") {
      const slash = glob.charAt(index + 2) === "/";
      body += slash ? "(?:.*/)?" : ".*";
      index += slash ? 2 : 1;
    } else {
      body += char === "*" ? "[^/]*" : char === "?" ? "[^/]" : char.replace(/[.+^${}()|[\]\\]/, "\\$&");
    }
  }
  const anywhere = glob.includes("/") ? "" : "(?:.*/)?";
  return new RegExp(`^${anywhere}${body}$`);
}

// src/iam/plain-resolver.ts
var PLAIN_RESOLVER = {
  evaluate(node) {
    return scalarEvaluation(node) ?? { invalid: `${describeNode(node)} where a string belongs` };
  },
  leaves: itemsOf
};
function scalarEvaluation(node) {
  if (node.kind === "string") {
    return { values: [iamStringValue(node.value)] };
  }
  if (node.kind === "scalar" && typeof node.value === "number") {
    return { values: [[{ text: String(node.value) }]] };
  }
  return void 0;
}
function describeNode(node) {
  switch (node.kind) {
    case "object":
      return "an object";
    case "array":
      return "a list";
    case "expr":
      return "an expression";
    case "scalar":
      return node.value === null ? "null" : typeof node.value;
    case "string":
      return "string";
  }
}

// src/iam/cfn-resolver.ts
function cfnResolver(template, subVariables) {
  const resolver = new CfnResolver(template, subVariables);
  return {
    evaluate: (node, mode) => resolver.evaluate(node, mode, 0),
    leaves: (node) => cfnLeaves(node)
  };
}
function cfnLeaves(node) {
  if (node.kind === "array") {
    return node.items.flatMap(cfnLeaves);
  }
  const intrinsic = intrinsicOf(node);
  if (intrinsic?.name === "Fn::If") {
    return itemsOf(intrinsic.argument).slice(1, 3).flatMap(cfnLeaves);
  }
  if (intrinsic?.name === "Ref" && stringOf(intrinsic.argument) === "AWS::NoValue") {
    return [];
  }
  return [node];
}
function intrinsicOf(node) {
  if (node.kind !== "object" || node.entries.length !== 1) {
    return void 0;
  }
  const [entry] = node.entries;
  if (!entry || !(entry.key === "Ref" || entry.key.startsWith("Fn::"))) {
    return void 0;
  }
  return { name: entry.key, argument: entry.value };
}
var MAX_REFERENCE_DEPTH = 8;
var PSEUDO_PARTS = {
  "AWS::Region": unknown("region", "AWS::Region"),
  "AWS::AccountId": unknown("account", "AWS::AccountId"),
  "AWS::Partition": unknown("partition", "AWS::Partition")
};
var QUEUE_TYPE = "AWS::SQS::Queue";
var CfnResolver = class {
  #parameters;
  #resources;
  /** The variables map of the `Fn::Sub` a whole document was written in, if any. */
  #subVariables;
  constructor(template, subVariables) {
    this.#parameters = valueOf(template, "Parameters");
    this.#resources = valueOf(template, "Resources");
    this.#subVariables = subVariables;
  }
  evaluate(node, mode, depth) {
    if (node.kind === "string" && mode === "cfn-sub") {
      return this.#sub(node.value, this.#subVariables, depth);
    }
    const scalar = scalarEvaluation(node);
    if (scalar) {
      return scalar;
    }
    const intrinsic = intrinsicOf(node);
    if (!intrinsic) {
      return { invalid: `${describeNode(node)} where a string belongs` };
    }
    if (depth > MAX_REFERENCE_DEPTH) {
      return opaque(intrinsic.name);
    }
    return this.#intrinsic(intrinsic.name, intrinsic.argument, depth + 1);
  }
  #intrinsic(name, argument, depth) {
    switch (name) {
      case "Ref":
        return this.#ref(stringOf(argument) ?? "", depth);
      case "Fn::GetAtt":
        return this.#getAtt(argument, depth);
      case "Fn::Sub":
        return this.#subIntrinsic(argument, depth);
      case "Fn::Join":
        return this.#join(argument, depth);
      case "Fn::If":
        return this.#alternatives(itemsOf(argument).slice(1, 3), depth);
      default:
        return opaque(name);
    }
  }
  /** `Ref`: pseudo parameters, template parameters, then resources (a queue's Ref is its URL). */
  #ref(name, depth) {
    const pseudo = PSEUDO_PARTS[name];
    if (pseudo) {
      return { values: [[pseudo]] };
    }
    const parameter = valueOf(this.#parameters, name);
    if (parameter) {
      const allowed = valueOf(parameter, "AllowedValues");
      return allowed?.kind === "array" ? this.#alternatives(allowed.items, depth) : opaque(name);
    }
    const resource = this.#resource(name);
    if (resource?.type === QUEUE_TYPE) {
      return this.#queueUrl(resource.node, name, depth);
    }
    return opaque(name);
  }
  #getAtt(argument, depth) {
    const path15 = argument.kind === "array" ? argument.items.map(stringOf) : stringOf(argument)?.split(".");
    const [logicalId = "", attribute = ""] = path15 ?? [];
    const resource = this.#resource(logicalId);
    const label = `${logicalId}.${attribute}`;
    if (resource?.type !== QUEUE_TYPE) {
      return opaque(label);
    }
    const name = this.#queueName(resource.node, logicalId, depth);
    if (attribute === "QueueName" || "invalid" in name) {
      return name;
    }
    if (attribute === "Arn") {
      return withEach(name, (value) => [...arnPrefix(), ...value]);
    }
    return attribute === "QueueUrl" ? this.#queueUrl(resource.node, logicalId, depth) : opaque(label);
  }
  #queueName(queue, logicalId, depth) {
    const name = valueOf(valueOf(queue, "Properties"), "QueueName");
    return name ? this.evaluate(name, "literal", depth) : opaque(`generated name of ${logicalId}`);
  }
  #queueUrl(queue, logicalId, depth) {
    const name = this.#queueName(queue, logicalId, depth);
    const region = unknown("region", "AWS::Region");
    const account = unknown("account", "AWS::AccountId");
    return withEach(name, (value) => [
      text("https://sqs."),
      region,
      text(".amazonaws.com/"),
      account,
      text("/"),
      ...value
    ]);
  }
  #subIntrinsic(argument, depth) {
    if (argument.kind === "string") {
      return this.#sub(argument.value, void 0, depth);
    }
    const [template, variables] = itemsOf(argument);
    const source = stringOf(template);
    return source === void 0 ? opaque("Fn::Sub") : this.#sub(source, variables, depth);
  }
  #sub(source, variables, depth) {
    const values = splitTemplate(source, (sigil, inner) => {
      if (sigil === "&") {
        return [[text(`&{${inner}}`)]];
      }
      return this.#subVariable(inner.trim(), variables, depth);
    });
    return values ? { values } : opaque("Fn::Sub");
  }
  #subVariable(name, variables, depth) {
    if (name.startsWith("!")) {
      return [[text(`\${${name.slice(1)}}`)]];
    }
    const given = valueOf(variables, name);
    const evaluation = given ? this.evaluate(given, "literal", depth + 1) : name.includes(":") && !name.startsWith("AWS::") ? { values: [[unknown("variable", name)]] } : name.includes(".") ? this.#getAtt({ kind: "string", value: name, start: 0, end: 0 }, depth + 1) : this.#ref(name, depth + 1);
    return "values" in evaluation ? evaluation.values : [[unknown("opaque", name)]];
  }
  #join(argument, depth) {
    const [delimiterNode, list] = itemsOf(argument);
    const delimiter = stringOf(delimiterNode);
    if (delimiter === void 0 || list === void 0) {
      return opaque("Fn::Join");
    }
    const lists = [];
    for (const [index, item] of cfnLeaves(list).entries()) {
      const evaluation = this.evaluate(item, "literal", depth);
      if ("invalid" in evaluation) {
        return opaque("Fn::Join");
      }
      lists.push(
        index === 0 ? [...evaluation.values] : evaluation.values.map((v) => [text(delimiter), ...v])
      );
    }
    const values = product(lists);
    return values ? { values } : opaque("Fn::Join");
  }
  #alternatives(nodes, depth) {
    const values = [];
    for (const node of nodes.flatMap(cfnLeaves)) {
      const evaluation = this.evaluate(node, "literal", depth);
      if ("invalid" in evaluation) {
        return evaluation;
      }
      values.push(...evaluation.values);
    }
    return values.length > MAX_ALTERNATIVES ? opaque("too many alternatives") : { values };
  }
  #resource(logicalId) {
    const node = valueOf(this.#resources, logicalId);
    const type = stringOf(valueOf(node, "Type"));
    return node?.kind === "object" && type !== void 0 ? { type, node } : void 0;
  }
};
function arnPrefix() {
  return [
    text("arn:"),
    unknown("partition", "AWS::Partition"),
    text(":sqs:"),
    unknown("region", "AWS::Region"),
    text(":"),
    unknown("account", "AWS::AccountId"),
    text(":")
  ];
}
function withEach(evaluation, map) {
  return "invalid" in evaluation ? evaluation : { values: evaluation.values.map(map) };
}

// src/iam/json-reader.ts
function readJson(text2, locate2 = (offset) => offset) {
  const reader = new JsonReader(text2, locate2);
  try {
    const node = reader.value(0);
    reader.skipSpace();
    if (reader.at < text2.length) {
      return { ok: false, offset: locate2(reader.at) };
    }
    return { ok: true, node };
  } catch (error2) {
    if (error2 instanceof JsonSyntaxError) {
      return {
        ok: false,
        offset: locate2(error2.at),
        ...error2.limit ? { limit: error2.limit } : {}
      };
    }
    throw error2;
  }
}
var JsonSyntaxError = class extends Error {
  at;
  limit;
  constructor(at, limit) {
    super("invalid JSON");
    this.at = at;
    this.limit = limit;
  }
};
var NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
var LITERAL_RE = /true|false|null/y;
var PLAIN_RUN_RE = /[^"\\\u0000-\u001f]*/y;
var ESCAPES = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "	"
};
var JsonReader = class {
  at = 0;
  #text;
  #locate;
  constructor(text2, locate2) {
    this.#text = text2;
    this.#locate = locate2;
  }
  skipSpace() {
    const text2 = this.#text;
    let at = this.at;
    for (; ; ) {
      const code = text2.charCodeAt(at);
      if (code !== 32 && code !== 10 && code !== 13 && code !== 9) {
        break;
      }
      at += 1;
    }
    this.at = at;
  }
  value(depth) {
    if (depth > MAX_DEPTH) {
      throw new JsonSyntaxError(this.at, "depth");
    }
    this.skipSpace();
    const char = this.#text.charAt(this.at);
    if (char === "{") {
      return this.#object(depth);
    }
    if (char === "[") {
      return this.#array(depth);
    }
    if (char === '"') {
      const start = this.at;
      const value = this.#string();
      return { kind: "string", value, start: this.#locate(start), end: this.#locate(this.at) };
    }
    return this.#scalar();
  }
  #object(depth) {
    const start = this.at;
    const entries = [];
    this.at += 1;
    this.skipSpace();
    if (this.#text.charAt(this.at) === "}") {
      this.at += 1;
      return { kind: "object", entries, start: this.#locate(start), end: this.#locate(this.at) };
    }
    for (; ; ) {
      this.skipSpace();
      const keyStart = this.at;
      if (this.#text.charAt(keyStart) !== '"') {
        throw new JsonSyntaxError(keyStart);
      }
      const key = this.#string();
      this.skipSpace();
      this.#expect(":");
      const value = this.value(depth + 1);
      entries.push({ key, keyStart: this.#locate(keyStart), value });
      if (this.#separator("}")) {
        return { kind: "object", entries, start: this.#locate(start), end: this.#locate(this.at) };
      }
    }
  }
  #array(depth) {
    const start = this.at;
    const items = [];
    this.at += 1;
    this.skipSpace();
    if (this.#text.charAt(this.at) === "]") {
      this.at += 1;
      return { kind: "array", items, start: this.#locate(start), end: this.#locate(this.at) };
    }
    for (; ; ) {
      items.push(this.value(depth + 1));
      if (this.#separator("]")) {
        return { kind: "array", items, start: this.#locate(start), end: this.#locate(this.at) };
      }
    }
  }
  /** Reads `,` (more to come: false) or the closing bracket (done: true). */
  #separator(close) {
    this.skipSpace();
    const char = this.#text.charAt(this.at);
    this.at += 1;
    if (char === close) {
      return true;
    }
    if (char !== ",") {
      throw new JsonSyntaxError(this.at - 1);
    }
    return false;
  }
  #expect(char) {
    if (this.#text.charAt(this.at) !== char) {
      throw new JsonSyntaxError(this.at);
    }
    this.at += 1;
  }
  /** Plain runs are copied in one slice each: most strings have no escape at all. */
  #string() {
    const text2 = this.#text;
    let value = "";
    this.at += 1;
    for (; ; ) {
      PLAIN_RUN_RE.lastIndex = this.at;
      const run = PLAIN_RUN_RE.exec(text2)?.[0] ?? "";
      value += run;
      this.at += run.length;
      const char = text2.charAt(this.at);
      if (char === '"') {
        this.at += 1;
        return value;
      }
      if (char !== "\\") {
        throw new JsonSyntaxError(this.at);
      }
      value += this.#escape();
    }
  }
  #escape() {
    const text2 = this.#text;
    const kind = text2.charAt(this.at + 1);
    const simple = ESCAPES[kind];
    if (simple !== void 0) {
      this.at += 2;
      return simple;
    }
    const hex = text2.slice(this.at + 2, this.at + 6);
    if (kind !== "u" || !/^[0-9a-fA-F]{4}$/.test(hex)) {
      throw new JsonSyntaxError(this.at);
    }
    this.at += 6;
    return String.fromCharCode(Number.parseInt(hex, 16));
  }
  #scalar() {
    const start = this.at;
    for (const pattern of [LITERAL_RE, NUMBER_RE]) {
      pattern.lastIndex = start;
      const match = pattern.exec(this.#text);
      if (match) {
        this.at = start + match[0].length;
        const value = pattern === NUMBER_RE ? Number(match[0]) : JSON.parse(match[0]);
        return { kind: "scalar", value, start: this.#locate(start), end: this.#locate(this.at) };
      }
    }
    throw new JsonSyntaxError(start);
  }
};

// src/iam/offset-map.ts
function alignValue(value, source, start, end, escapes) {
  const offsets = new Int32Array(value.length + 1);
  let at = start;
  for (let index = 0; index < value.length; index++) {
    at = nextSourceOffset(value, index, source, at, end, escapes);
    offsets[index] = Math.min(at, end);
    at += escapes && source.charCodeAt(at) === BACKSLASH ? escapeLength(source, at) : 1;
  }
  offsets[value.length] = Math.min(at, end);
  return (offset) => offsets[Math.max(0, Math.min(offset, value.length))] ?? start;
}
var BACKSLASH = 92;
function nextSourceOffset(value, index, source, from, end, escapes) {
  const wanted = value.charCodeAt(index);
  let at = from;
  while (at < end) {
    const code = source.charCodeAt(at);
    if (code === wanted || escapes && code === BACKSLASH) {
      return at;
    }
    at += 1;
  }
  return end;
}
function escapeLength(source, at) {
  return source.charAt(at + 1) === "u" ? 6 : 2;
}

// src/iam/embedded.ts
function looksLikeJsonPolicy(value) {
  return value.trimStart().startsWith("{") && value.includes('"Statement"');
}
function readEmbeddedJson(node, source) {
  const quote = source.charAt(node.start);
  const escapes = quote === '"';
  const locate2 = alignValue(node.value, source, node.start, node.end, escapes);
  return readJson(node.value, locate2);
}

// src/iam/extract-tree.ts
function extractFromTree(root, source, out, reading = PLAIN_READING) {
  if (isTemplate(root)) {
    extractTemplate(root, source, out);
  } else if (isPolicyRoot(root)) {
    out.documents.push({ node: root, kind: "unknown", ...reading });
  } else {
    findEmbedded(root, reading, source, out);
  }
}
var PLAIN_READING = { mode: "literal", resolver: PLAIN_RESOLVER };
var POLICY_VERSIONS = /* @__PURE__ */ new Set(["2012-10-17", "2008-10-17"]);
function isPolicyRoot(node) {
  if (node.kind !== "object") {
    return false;
  }
  const version = stringOf(valueOf(node, "Version"));
  if (version !== void 0 && POLICY_VERSIONS.has(version)) {
    return true;
  }
  const statement = valueOf(node, "Statement");
  const items = statement?.kind === "array" ? statement.items : statement ? [statement] : [];
  return items.some((item) => STATEMENT_KEYS.some((key) => valueOf(item, key) !== void 0));
}
var STATEMENT_KEYS = [
  "Effect",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Principal",
  "NotPrincipal",
  "Sid"
];
function isTemplate(node) {
  const resources = valueOf(node, "Resources");
  return resources?.kind === "object" && (valueOf(node, "AWSTemplateFormatVersion") !== void 0 || resources.entries.some(
    (entry) => stringOf(valueOf(entry.value, "Type"))?.includes("::") === true
  ));
}
var IDENTITY_TYPES = /* @__PURE__ */ new Set(["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"]);
var PRINCIPAL_TYPES = /* @__PURE__ */ new Set(["AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"]);
var RESOURCE_POLICY_TYPES = /* @__PURE__ */ new Set([
  "AWS::SQS::QueuePolicy",
  "AWS::S3::BucketPolicy",
  "AWS::SNS::TopicPolicy"
]);
function extractTemplate(template, source, out) {
  const resources = valueOf(template, "Resources");
  for (const entry of resources?.kind === "object" ? resources.entries : []) {
    const type = stringOf(valueOf(entry.value, "Type")) ?? "";
    const properties = valueOf(entry.value, "Properties");
    const document = valueOf(properties, "PolicyDocument");
    if (document) {
      const kind = IDENTITY_TYPES.has(type) ? "identity" : RESOURCE_POLICY_TYPES.has(type) ? "resource" : "unknown";
      addTemplateDocuments(document, kind, template, source, out);
    }
    if (!PRINCIPAL_TYPES.has(type)) {
      continue;
    }
    for (const policy of cfnLeaves(valueOf(properties, "Policies") ?? emptyList())) {
      const inline = valueOf(policy, "PolicyDocument");
      if (inline) {
        addTemplateDocuments(inline, "identity", template, source, out);
      }
    }
    const trust = valueOf(properties, "AssumeRolePolicyDocument");
    if (trust) {
      addTemplateDocuments(trust, "trust", template, source, out);
    }
  }
}
function addTemplateDocuments(node, kind, template, source, out) {
  const resolver = cfnResolver(template);
  for (const leaf of cfnLeaves(node)) {
    const intrinsic = intrinsicOf(leaf);
    const sub = intrinsic?.name === "Fn::Sub" ? subTemplate(intrinsic.argument) : void 0;
    if (sub) {
      const variables = intrinsic?.argument.kind === "array" ? intrinsic.argument.items[1] : void 0;
      const subResolver = variables ? cfnResolver(template, variables) : resolver;
      addJsonString(sub, kind, "cfn-sub", subResolver, source, out);
    } else if (intrinsic) {
      const argument = intrinsic.argument;
      const written = argument.kind === "string" ? ` ${argument.value}` : "";
      const expression = `${intrinsic.name}${written}`.slice(0, MAX_EXPRESSION_SHOWN);
      out.issues.push(
        issueAt("iam-unresolved-reference", "unresolvedDocument", leaf, expression, { expression })
      );
    } else if (leaf.kind === "string") {
      addJsonString(leaf, kind, "literal", resolver, source, out);
    } else {
      out.documents.push({ node: leaf, kind, mode: "literal", resolver });
    }
  }
}
var MAX_EXPRESSION_SHOWN = 120;
function subTemplate(argument) {
  const template = argument.kind === "array" ? argument.items[0] : argument;
  return template?.kind === "string" ? template : void 0;
}
function addJsonString(node, kind, mode, resolver, source, out) {
  const result = readEmbeddedJson(node, source);
  if (!result.ok) {
    const at = { start: result.offset, end: result.offset + 1 };
    out.issues.push(issueAt("iam-malformed-policy", "invalidJson", at, "invalid JSON", {}));
    return;
  }
  out.documents.push({ node: result.node, kind, mode, resolver });
}
var MAX_VISITS = 1e5;
function findEmbedded(root, reading, source, out) {
  const stack = [
    { node: root, key: "", parent: "" }
  ];
  let visits = 0;
  while (stack.length > 0 && visits < MAX_VISITS) {
    const { node, key, parent } = stack.pop() ?? { node: root, key: "", parent: "" };
    visits += 1;
    const kind = ASSUME_ROLE_KEY_RE.test(key) ? "trust" : "unknown";
    if (node.kind === "string" && looksLikeJsonPolicy(node.value)) {
      addJsonString(node, kind, reading.mode, reading.resolver, source, out);
    } else if (node.kind === "object" && hasStatements(node)) {
      out.documents.push({ node, kind, ...reading });
    } else if (node.kind === "array" && isStatementList(key, parent, node)) {
      const statement = { key: "Statement", keyStart: node.start, value: node };
      const document = {
        kind: "object",
        entries: [statement],
        start: node.start,
        end: node.end
      };
      out.documents.push({ node: document, kind: "identity", ...reading });
    } else if (node.kind === "object") {
      stack.push(
        ...node.entries.map((entry) => ({ node: entry.value, key: entry.key, parent: key }))
      );
    } else if (node.kind === "array") {
      stack.push(...node.items.map((item) => ({ node: item, key, parent })));
    }
  }
}
var ASSUME_ROLE_KEY_RE = /assume_?role_?policy/i;
function isStatementList(key, parent, node) {
  const named = key === "iamRoleStatements" || key === "statements" && parent === "role";
  return named && node.kind === "array" && node.items.some((item) => valueOf(item, "Effect"));
}
function hasStatements(node) {
  const statement = valueOf(node, "Statement");
  const items = statement?.kind === "array" ? statement.items : statement ? [statement] : [];
  return items.some((item) => valueOf(item, "Effect") !== void 0);
}
function emptyList() {
  return { kind: "array", items: [], start: 0, end: 0 };
}

// src/iam/hcl-strings.ts
var ESCAPES2 = {
  n: "\n",
  r: "\r",
  t: "	",
  '"': '"',
  "\\": "\\"
};
function readQuoted(text2, start) {
  let value = "";
  let at = start + 1;
  while (at < text2.length) {
    const char = text2.charAt(at);
    if (char === '"' || char === "\n") {
      break;
    }
    if (char === "\\") {
      const kind = text2.charAt(at + 1);
      value += ESCAPES2[kind] ?? kind;
      at += 2;
    } else if ((char === "$" || char === "%") && text2.charAt(at + 1) === "{") {
      const end2 = interpolationEnd(text2, at + 2);
      value += text2.slice(at, end2);
      at = end2;
    } else {
      value += char;
      at += 1;
    }
  }
  const end = text2.charAt(at) === '"' ? at + 1 : at;
  return { node: { kind: "string", value, start, end }, end };
}
function interpolationEnd(text2, from) {
  let depth = 1;
  let at = from;
  while (at < text2.length && depth > 0) {
    const char = text2.charAt(at);
    if (char === "\n") {
      return at;
    }
    depth += char === "{" ? 1 : char === "}" ? -1 : 0;
    at += 1;
  }
  return at;
}
var HEREDOC_RE = /<<(-?)([A-Za-z_]\w*)[ \t]*\r?\n/y;
function readHeredoc(text2, start) {
  HEREDOC_RE.lastIndex = start;
  const match = HEREDOC_RE.exec(text2);
  if (!match) {
    return void 0;
  }
  const marker = match[2] ?? "";
  const bodyStart = start + match[0].length;
  const closing = new RegExp(`^[ \\t]*${marker}[ \\t]*\\r?$`, "gm");
  closing.lastIndex = bodyStart;
  const close = closing.exec(text2);
  const bodyEnd = close ? close.index : text2.length;
  const node = {
    kind: "string",
    value: text2.slice(bodyStart, bodyEnd),
    start: bodyStart,
    end: bodyEnd
  };
  return { node, end: close ? close.index + close[0].length : text2.length };
}

// src/iam/hcl-reader.ts
function readHcl(text2) {
  const reader = new HclReader(text2);
  return reader.body(0).blocks;
}
var IDENT_RE = /[A-Za-z_][\w-]*/y;
var TRAVERSAL_RE = /\s*(?:\.(?:[A-Za-z_][\w-]*|\*|\d+)|\[[^\]\n]*\])/y;
var NUMBER_RE2 = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
var INLINE_SPACE_RE = /(?:[ \t]+|\/\*[\s\S]*?\*\/)*/y;
var SPACE_RE = /(?:\s+|#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;
var HclReader = class {
  at = 0;
  #text;
  constructor(text2) {
    this.#text = text2;
  }
  body(depth) {
    const attributes = [];
    const blocks = [];
    for (; ; ) {
      this.#skip(SPACE_RE);
      const char = this.#text.charAt(this.at);
      if (char === "" || char === "}") {
        return { attributes, blocks };
      }
      const start = this.at;
      const name = this.#match(IDENT_RE);
      if (name === void 0) {
        this.#skipLine();
        continue;
      }
      this.#skip(INLINE_SPACE_RE);
      if (this.#text.charAt(this.at) === "=" && this.#text.charAt(this.at + 1) !== "=") {
        this.at += 1;
        attributes.push({ name, start, value: this.expression(depth + 1) });
        continue;
      }
      const block = this.#block(name, start, depth);
      if (block) {
        blocks.push(block);
      }
    }
  }
  #block(type, start, depth) {
    const labels = [];
    for (; ; ) {
      this.#skip(INLINE_SPACE_RE);
      const char = this.#text.charAt(this.at);
      if (char === '"') {
        labels.push(this.#quoted().value);
      } else if (char === "{") {
        break;
      } else {
        const label = this.#match(IDENT_RE);
        if (label === void 0) {
          this.#skipLine();
          return void 0;
        }
        labels.push(label);
      }
    }
    this.at += 1;
    const body = depth > MAX_DEPTH ? this.#skipBalanced() : this.body(depth + 1);
    if (this.#text.charAt(this.at) === "}") {
      this.at += 1;
    }
    return { type, labels, start, ...body };
  }
  /** Reads one expression, up to the end of its line or the enclosing bracket. */
  expression(depth) {
    this.#skip(INLINE_SPACE_RE);
    const start = this.at;
    const primary = depth > MAX_DEPTH ? void 0 : this.#primary(depth);
    this.#skip(INLINE_SPACE_RE);
    if (primary !== void 0 && this.#atExpressionEnd()) {
      return primary;
    }
    this.at = Math.max(this.at, start);
    this.#skipToExpressionEnd();
    const text2 = this.#text.slice(start, this.at).trim();
    return { kind: "expr", text: text2, start, end: start + text2.length };
  }
  #primary(depth) {
    const char = this.#text.charAt(this.at);
    if (char === '"') {
      return this.#quoted();
    }
    if (char === "<" && this.#text.startsWith("<<", this.at)) {
      return this.#heredoc();
    }
    if (char === "[") {
      return this.#list(depth);
    }
    if (char === "{") {
      return this.#object(depth);
    }
    return this.#scalarOrReference(depth);
  }
  #scalarOrReference(depth) {
    const start = this.at;
    const number = this.#match(NUMBER_RE2);
    if (number !== void 0) {
      return { kind: "scalar", value: Number(number), start, end: this.at };
    }
    const name = this.#match(IDENT_RE);
    if (name === void 0) {
      return void 0;
    }
    if (name === "true" || name === "false" || name === "null") {
      const value = name === "null" ? null : name === "true";
      return { kind: "scalar", value, start, end: this.at };
    }
    if (this.#text.charAt(this.at) === "(") {
      return this.#call(name, start, depth);
    }
    while (this.#match(TRAVERSAL_RE) !== void 0) {
    }
    return { kind: "expr", text: this.#text.slice(start, this.at), start, end: this.at };
  }
  #call(name, start, depth) {
    const args = [];
    this.at += 1;
    for (; ; ) {
      this.#skip(SPACE_RE);
      const char = this.#text.charAt(this.at);
      if (char === ")" || char === "") {
        this.at += char === ")" ? 1 : 0;
        break;
      }
      const before = this.at;
      args.push(this.expression(depth + 1));
      this.#skip(SPACE_RE);
      if (this.#text.charAt(this.at) === ",") {
        this.at += 1;
      } else if (this.at === before) {
        this.at += 1;
      }
    }
    const text2 = this.#text.slice(start, this.at);
    return { kind: "expr", text: text2, start, end: this.at, call: { name, args } };
  }
  #list(depth) {
    const start = this.at;
    const items = [];
    this.at += 1;
    for (; ; ) {
      this.#skip(SPACE_RE);
      const char = this.#text.charAt(this.at);
      if (char === "]" || char === "") {
        this.at += char === "]" ? 1 : 0;
        return { kind: "array", items, start, end: this.at };
      }
      const before = this.at;
      items.push(this.expression(depth + 1));
      this.#skip(SPACE_RE);
      if (this.#text.charAt(this.at) === ",") {
        this.at += 1;
      } else if (this.at === before) {
        this.at += 1;
      }
    }
  }
  #object(depth) {
    const start = this.at;
    const entries = [];
    this.at += 1;
    for (; ; ) {
      this.#skip(SPACE_RE);
      const char = this.#text.charAt(this.at);
      if (char === "}" || char === "") {
        this.at += char === "}" ? 1 : 0;
        return { kind: "object", entries, start, end: this.at };
      }
      const entry = this.#objectEntry(depth);
      if (entry) {
        entries.push(entry);
      }
      this.#skip(SPACE_RE);
      if (this.#text.charAt(this.at) === ",") {
        this.at += 1;
      }
    }
  }
  #objectEntry(depth) {
    const keyStart = this.at;
    const key = this.#text.charAt(this.at) === '"' ? this.#quoted().value : this.#match(IDENT_RE);
    this.#skip(INLINE_SPACE_RE);
    const separator = this.#text.charAt(this.at);
    if (key === void 0 || separator !== "=" && separator !== ":") {
      this.#skipToExpressionEnd();
      this.at = Math.max(this.at, keyStart + 1);
      return void 0;
    }
    this.at += 1;
    return { key, keyStart, value: this.expression(depth + 1) };
  }
  #quoted() {
    const { node, end } = readQuoted(this.#text, this.at);
    this.at = end;
    return node;
  }
  #heredoc() {
    const read = readHeredoc(this.#text, this.at);
    if (read) {
      this.at = read.end;
    }
    return read?.node;
  }
  #atExpressionEnd() {
    const char = this.#text.charAt(this.at);
    return char === "" || char === "\n" || char === "\r" || char === "," || char === "]" || char === "}" || char === ")" || char === "#" || this.#text.startsWith("//", this.at);
  }
  /** Skips an opaque expression: brackets and strings balanced, up to a line end at depth 0. */
  #skipToExpressionEnd() {
    const text2 = this.#text;
    let depth = 0;
    while (this.at < text2.length) {
      const char = text2.charAt(this.at);
      if (depth === 0 && (char === "\n" || char === "," || char === "]" || char === "}" || char === ")")) {
        return;
      }
      if (char === '"') {
        this.#quoted();
        continue;
      }
      depth += "([{".includes(char) ? 1 : ")]}".includes(char) ? -1 : 0;
      this.at += 1;
    }
  }
  #skipBalanced() {
    let depth = 1;
    while (this.at < this.#text.length && depth > 0) {
      const char = this.#text.charAt(this.at);
      depth += char === "{" ? 1 : char === "}" ? -1 : 0;
      this.at += depth > 0 ? 1 : 0;
    }
    return { attributes: [], blocks: [] };
  }
  #skipLine() {
    const end = this.#text.indexOf("\n", this.at);
    this.at = end === -1 ? this.#text.length : end + 1;
  }
  #skip(pattern) {
    pattern.lastIndex = this.at;
    if (pattern.exec(this.#text)) {
      this.at = pattern.lastIndex;
    }
  }
  #match(pattern) {
    pattern.lastIndex = this.at;
    const match = pattern.exec(this.#text);
    if (!match || match[0] === "") {
      return void 0;
    }
    this.at = pattern.lastIndex;
    return match[0];
  }
};

// src/iam/tf-resolver.ts
function tfResolver(blocks) {
  const queues = /* @__PURE__ */ new Map();
  for (const block of blocks) {
    if (block.type === "resource" && block.labels[0] === "aws_sqs_queue" && block.labels[1]) {
      queues.set(block.labels[1], block);
    }
  }
  const resolver = new TfResolver(queues);
  return {
    evaluate: (node, mode) => resolver.evaluate(node, mode, 0),
    leaves: itemsOf
  };
}
var QUEUE_REFERENCE_RE = /^aws_sqs_queue\.([\w-]+)(?:\[[^\]]*\])?\.(arn|name|id|url)$/;
var MAX_REFERENCE_DEPTH2 = 4;
var TfResolver = class {
  #queues;
  constructor(queues) {
    this.#queues = queues;
  }
  evaluate(node, mode, depth) {
    if (node.kind === "string") {
      return this.#template(node.value, mode, depth);
    }
    if (node.kind === "scalar" && typeof node.value === "number") {
      return { values: [[text(String(node.value))]] };
    }
    if (node.kind === "expr") {
      return { values: this.#reference(node.text, depth) };
    }
    return { invalid: `${describeNode(node)} where a string belongs` };
  }
  #template(source, mode, depth) {
    if (mode === "literal" || mode === "cfn-sub") {
      return { values: [[text(source)]] };
    }
    const values = splitTemplate(source, (sigil, inner, escaped) => {
      if (escaped || sigil === "&" && mode === "tf-document") {
        return [[unknown("variable", inner)]];
      }
      return sigil === "&" ? [[text(`&{${inner}}`)]] : this.#reference(inner.trim(), depth);
    });
    return values ? { values: directivesOpaque(values) } : opaque("template");
  }
  #reference(expression, depth) {
    const match = QUEUE_REFERENCE_RE.exec(expression);
    const queue = match ? this.#queues.get(match[1] ?? "") : void 0;
    if (!match || !queue || depth > MAX_REFERENCE_DEPTH2) {
      return [[unknown("opaque", expression)]];
    }
    const names = this.#queueNames(queue, expression, depth + 1);
    const attribute = match[2];
    if (attribute === "name") {
      return names;
    }
    if (attribute === "arn") {
      return names.map((name) => [...queueArnPrefix(), ...name]);
    }
    return names.map((name) => [
      text("https://sqs."),
      unknown("region", "region"),
      text(".amazonaws.com/"),
      unknown("account", "account"),
      text("/"),
      ...name
    ]);
  }
  #queueNames(queue, expression, depth) {
    const name = queue.attributes.find((attribute) => attribute.name === "name")?.value;
    const prefix = queue.attributes.find((attribute) => attribute.name === "name_prefix")?.value;
    const written = name ?? prefix;
    if (written === void 0) {
      return [[unknown("opaque", `generated name of ${expression}`)]];
    }
    const evaluation = this.evaluate(written, "tf", depth);
    if ("invalid" in evaluation) {
      return [[unknown("opaque", expression)]];
    }
    const suffix = name ? [] : [unknown("opaque", "generated suffix")];
    return evaluation.values.map((value) => [...value, ...suffix]);
  }
};
function queueArnPrefix() {
  return [
    text("arn:"),
    unknown("partition", "partition"),
    text(":sqs:"),
    unknown("region", "region"),
    text(":"),
    unknown("account", "account"),
    text(":")
  ];
}
function directivesOpaque(values) {
  return values.map(
    (value) => value.map(
      (part) => "text" in part && part.text.includes("%{") ? unknown("opaque", "directive") : part
    )
  );
}

// src/iam/extract-tf.ts
function extractTerraform(source, out) {
  const blocks = readHcl(source);
  const resolver = tfResolver(blocks);
  const documents = /* @__PURE__ */ new Set();
  const merged = [];
  for (const block of blocks) {
    if (block.type === "data" && block.labels[0] === POLICY_DOCUMENT && block.labels[1]) {
      documents.add(block.labels[1]);
      merged.push(block);
      out.documents.push({
        node: documentNode(block),
        kind: "unknown",
        mode: "tf-document",
        resolver
      });
    }
  }
  const context = { resolver, documents, source, out };
  for (const block of merged) {
    checkMergedDocuments(block, context);
  }
  for (const block of blocks) {
    if (block.type === "resource" || block.type === "data" && block.labels[0] !== POLICY_DOCUMENT) {
      extractAttributes(block, kindOf2(block.labels[0] ?? ""), context);
    } else if (block.type === "locals" || block.type === "module") {
      extractWrittenDocuments(block, context);
    }
  }
}
function extractWrittenDocuments(block, context) {
  const { out, resolver, source } = context;
  for (const { value } of block.attributes) {
    const argument = value.kind === "expr" && value.call?.name === "jsonencode" ? value.call.args[0] : void 0;
    if (value.kind === "string" && looksLikeJsonPolicy(value.value)) {
      addJsonString(value, "unknown", "tf", resolver, source, out);
    } else if (argument && valueOf(argument, "Statement") !== void 0) {
      out.documents.push({ node: argument, kind: "unknown", mode: "tf", resolver });
    }
  }
}
var POLICY_DOCUMENT = "aws_iam_policy_document";
var DOCUMENT_REFERENCE_RE = /^data\.aws_iam_policy_document\.([\w-]+)\.(?:minified_)?json$/;
var WHOLE_INTERPOLATION_RE = /^\$\{([^}]*)\}$/;
var RESOURCE_POLICY_TYPE_RE = /^aws_(?:sqs_queue|sqs_queue_policy|s3_bucket_policy|sns_topic_policy|sns_topic)$/;
function kindOf2(type) {
  if (RESOURCE_POLICY_TYPE_RE.test(type)) {
    return "resource";
  }
  return type.startsWith("aws_iam_") ? "identity" : "unknown";
}
function extractAttributes(block, kind, context) {
  for (const attribute of block.attributes) {
    if (attribute.name === "policy") {
      extractPolicyValue(attribute, kind, context);
    } else if (attribute.name === "assume_role_policy") {
      extractPolicyValue(attribute, "trust", context);
    }
  }
  for (const nested of block.blocks) {
    if (nested.type === "inline_policy") {
      extractAttributes(nested, "identity", context);
    }
  }
}
function extractPolicyValue(attribute, kind, context) {
  const { value } = attribute;
  const { out, resolver, source } = context;
  if (value.kind === "string") {
    const whole = WHOLE_INTERPOLATION_RE.exec(value.value.trim());
    if (!whole) {
      addJsonString(value, kind, "tf", resolver, source, out);
      return;
    }
    checkReference(whole[1]?.trim() ?? "", value, context);
    return;
  }
  if (value.kind === "expr" && value.call?.name === "jsonencode" && value.call.args[0]) {
    out.documents.push({ node: value.call.args[0], kind, mode: "tf", resolver });
    return;
  }
  checkReference(value.kind === "expr" ? value.text : "", value, context);
}
var MERGE_ATTRIBUTES = /* @__PURE__ */ new Set([
  "source_policy_documents",
  "override_policy_documents",
  "source_json",
  "override_json"
]);
function checkMergedDocuments(block, context) {
  for (const attribute of block.attributes) {
    if (!MERGE_ATTRIBUTES.has(attribute.name)) {
      continue;
    }
    for (const item of itemsOf(attribute.value)) {
      const expression = item.kind === "expr" ? item.text : "";
      if (item.kind === "string") {
        const whole = WHOLE_INTERPOLATION_RE.exec(item.value.trim());
        checkReference(whole?.[1]?.trim() ?? "", item, context);
      } else {
        checkReference(expression, item, context);
      }
    }
  }
}
function checkReference(expression, node, context) {
  const match = DOCUMENT_REFERENCE_RE.exec(expression);
  if (match && context.documents.has(match[1] ?? "")) {
    return;
  }
  const shown = expression || context.source.slice(node.start, node.end).trim();
  context.out.issues.push(
    issueAt("iam-unresolved-reference", "unresolvedDocument", node, shown, { expression: shown })
  );
}
function documentNode(block) {
  const statements = block.blocks.filter((nested) => nested.type === "statement").map((statement) => statementNode(statement));
  const span2 = { start: block.start, end: block.start };
  return {
    kind: "object",
    entries: [
      {
        key: "Statement",
        keyStart: block.start,
        value: { kind: "array", items: statements, ...span2 }
      }
    ],
    ...span2
  };
}
var ATTRIBUTE_KEYS = {
  sid: "Sid",
  effect: "Effect",
  actions: "Action",
  not_actions: "NotAction",
  resources: "Resource",
  not_resources: "NotResource"
};
function statementNode(block) {
  const entries = [];
  for (const attribute of block.attributes) {
    const key = ATTRIBUTE_KEYS[attribute.name];
    if (key) {
      entries.push({ key, keyStart: attribute.start, value: attribute.value });
    }
  }
  if (!entries.some((entry) => entry.key === "Effect")) {
    const at = { start: block.start, end: block.start };
    entries.push({
      key: "Effect",
      keyStart: block.start,
      value: { kind: "string", value: "Allow", ...at }
    });
  }
  for (const [type, key] of [
    ["principals", "Principal"],
    ["not_principals", "NotPrincipal"]
  ]) {
    const principal = principalNode(block.blocks.filter((nested) => nested.type === type));
    if (principal) {
      entries.push({ key, keyStart: principal.start, value: principal });
    }
  }
  const condition = block.blocks.find((nested) => nested.type === "condition");
  if (condition) {
    const at = { start: condition.start, end: condition.start };
    entries.push({
      key: "Condition",
      keyStart: condition.start,
      value: { kind: "object", entries: [], ...at }
    });
  }
  return { kind: "object", entries, start: block.start, end: block.start };
}
function principalNode(blocks) {
  const first = blocks[0];
  if (!first) {
    return void 0;
  }
  const entries = [];
  for (const block of blocks) {
    const type = block.attributes.find((attribute) => attribute.name === "type")?.value;
    const identifiers = block.attributes.find(
      (attribute) => attribute.name === "identifiers"
    )?.value;
    const name = type?.kind === "string" ? type.value : "";
    if (name === "*" && identifiers?.kind === "array" && identifiers.items[0]?.kind === "string") {
      return identifiers.items[0];
    }
    if (identifiers) {
      entries.push({ key: name, keyStart: block.start, value: identifiers });
    }
  }
  return { kind: "object", entries, start: first.start, end: first.start };
}

// src/iam/yaml-reader.ts
import { createRequire as createRequire2 } from "node:module";
function readYaml(text2) {
  const yaml2 = loadYaml2();
  const docs = yaml2.parseAllDocuments(text2, YAML_OPTIONS);
  const parsed = Array.isArray(docs) ? docs : [];
  const problem = parsed.flatMap((doc) => doc.errors)[0];
  if (problem) {
    return { ok: false, offset: problem.pos[0] };
  }
  const budget = { nodes: 0 };
  try {
    const roots = parsed.map((doc) => new Converter(yaml2, doc, budget).convert(doc.contents, 0));
    const [first] = roots;
    if (roots.length === 1 && first) {
      return { ok: true, node: first };
    }
    return { ok: true, node: { kind: "array", items: roots, start: 0, end: text2.length } };
  } catch (error2) {
    if (error2 instanceof LimitError) {
      return { ok: false, offset: 0, limit: error2.limit };
    }
    throw error2;
  }
}
var requireLazily = createRequire2(import.meta.url);
var yamlModule;
function loadYaml2() {
  yamlModule ??= requireLazily("yaml");
  return yamlModule;
}
var YAML_OPTIONS = {
  maxAliasCount: 100,
  uniqueKeys: false,
  prettyErrors: false,
  strict: false
};
var MAX_NODES = 2e5;
var LimitError = class extends Error {
  limit;
  constructor(limit) {
    super(`YAML document over the ${limit} limit`);
    this.limit = limit;
  }
};
function intrinsicKey(tag) {
  if (!tag.startsWith("!") || tag.startsWith("!!")) {
    return void 0;
  }
  const name = tag.slice(1);
  return name === "Ref" || name === "Condition" ? name : `Fn::${name}`;
}
var Converter = class {
  #yaml;
  #doc;
  /** Each alias's anchor, looked up once: the package searches the whole document for it. */
  #anchors = /* @__PURE__ */ new Map();
  /** Shared by the documents of one stream, so splitting a bomb into documents gains nothing. */
  #budget;
  constructor(yaml2, doc, budget) {
    this.#yaml = yaml2;
    this.#doc = doc;
    this.#budget = budget;
  }
  convert(node, depth) {
    this.#budget.nodes += 1;
    if (this.#budget.nodes > MAX_NODES) {
      throw new LimitError("size");
    }
    if (depth > MAX_DEPTH) {
      throw new LimitError("depth");
    }
    const plain = this.#untagged(node, depth);
    const tag = node?.tag;
    const key = tag === void 0 ? void 0 : intrinsicKey(tag);
    if (key === void 0) {
      return plain;
    }
    return {
      kind: "object",
      entries: [{ key, keyStart: plain.start, value: plain }],
      ...span(plain)
    };
  }
  #untagged(node, depth) {
    const yaml2 = this.#yaml;
    if (yaml2.isAlias(node)) {
      if (!this.#anchors.has(node)) {
        this.#anchors.set(node, node.resolve(this.#doc));
      }
      return this.convert(this.#anchors.get(node), depth + 1);
    }
    if (yaml2.isMap(node)) {
      return this.#map(node, depth);
    }
    if (yaml2.isSeq(node)) {
      const items = node.items.map((item) => this.convert(item, depth + 1));
      return { kind: "array", items, ...rangeOf(node) };
    }
    if (yaml2.isScalar(node)) {
      return scalarNode(node);
    }
    return { kind: "scalar", value: null, start: 0, end: 0 };
  }
  #map(node, depth) {
    const entries = [];
    for (const pair of node.items) {
      const key = this.#yaml.isScalar(pair.key) ? pair.key : void 0;
      if (key === void 0) {
        continue;
      }
      const value = this.convert(pair.value, depth + 1);
      entries.push({ key: String(key.value), keyStart: rangeOf(key).start, value });
    }
    return { kind: "object", entries, ...rangeOf(node) };
  }
};
function scalarNode(node) {
  const { value } = node;
  if (typeof value === "string") {
    return { kind: "string", value, ...rangeOf(node) };
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) {
    return { kind: "scalar", value, ...rangeOf(node) };
  }
  return { kind: "string", value: String(node.source ?? value), ...rangeOf(node) };
}
function rangeOf(node) {
  return { start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0 };
}
function span(node) {
  return { start: node.start, end: node.end };
}

// src/iam/run.ts
var TF_JSON_RE = /\.tf\.json$/i;
var TF_JSON_READING = { mode: "tf", resolver: tfResolver([]) };
function iamIssuesOf(file) {
  return file.memo(MEMO_KEY, () => analyzeFile(file));
}
var MEMO_KEY = "iam:issues";
function reportIamIssues(ruleId, file, report) {
  for (const issue of iamIssuesOf(file)) {
    if (issue.ruleId !== ruleId) {
      continue;
    }
    report({
      messageId: issue.messageId,
      data: issue.data,
      start: issue.start,
      end: issue.end,
      value: issue.value,
      secret: false,
      ...issue.severity ? { severity: issue.severity } : {},
      ...issue.data["statement"] ? { properties: { statement: issue.data["statement"] } } : {}
    });
  }
}
var POLICY_FILE_RE = /\.(?:json|ya?ml|template|tf)$/i;
function isPolicyPath(path15) {
  return POLICY_FILE_RE.test(path15);
}
function formatOf(path15, text2) {
  const lower = path15.toLowerCase();
  if (lower.endsWith(".tf")) {
    return "terraform";
  }
  if (lower.endsWith(".json")) {
    return "json";
  }
  return lower.endsWith(".template") && text2.trimStart().startsWith("{") ? "json" : "yaml";
}
var POLICY_NAME_RE = /polic(?:y|ies)[^/]*$/i;
var STATEMENT_KEY_RE = /(?:"Statement"\s*:|^\s*Statement\s*:)/m;
function analyzeFile(file) {
  const text2 = file.text;
  if (text2 === void 0) {
    return [];
  }
  const format = formatOf(file.path, text2);
  const named = POLICY_NAME_RE.test(file.path);
  const due = named || (format === "terraform" ? file.hasKeyword("policy") || file.hasKeyword("statement") : file.hasKeyword("statement") && text2.includes("Statement") || // A template whose document is a reference has no statement, and must still be reported.
  file.hasKeyword("policy") && text2.includes("PolicyDocument"));
  if (!due) {
    return [];
  }
  const out = { documents: [], issues: [] };
  if (format === "terraform") {
    extractTerraform(text2, out);
  } else {
    const result = format === "json" ? readJson(text2) : readYaml(text2);
    const reading = TF_JSON_RE.test(file.path) ? TF_JSON_READING : void 0;
    const syntax = format === "json" ? "invalidJson" : "invalidYaml";
    extractParsed(result, reading, syntax, text2, named, out);
  }
  const settings = settingsFor(file.config, file.path);
  for (const doc of out.documents) {
    analyzeDocument(doc, settings, text2, out.issues);
  }
  return out.issues;
}
var PREVIEWS = {
  invalidJson: "invalid JSON",
  invalidYaml: "invalid YAML",
  tooComplex: "too complex to check"
};
function extractParsed(result, reading, syntaxMessage, text2, named, out) {
  if (result.ok) {
    extractFromTree(result.node, text2, out, reading);
    return;
  }
  if (named || STATEMENT_KEY_RE.test(text2)) {
    const messageId = result.limit ? "tooComplex" : syntaxMessage;
    const at = { start: result.offset, end: result.offset + 1 };
    out.issues.push({
      ruleId: "iam-malformed-policy",
      messageId,
      data: {},
      ...at,
      value: PREVIEWS[messageId] ?? messageId
    });
  }
}

// src/iam/rule-kit.ts
function iamRuleBase(id) {
  return {
    kind: "content",
    provider: "aws",
    since: "0.1.0",
    stability: "preview",
    keywords: [],
    // What run.ts asks before it parses a file as a policy.
    asks: ["policy", "statement"],
    appliesTo: isPolicyPath,
    check: (file, report) => {
      reportIamIssues(id, file, report);
    }
  };
}
var GUIDE_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
      "Resource": "arn:aws:sqs:*:*:wipsie-*"
    },
    { "Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*" }
  ]
}
`;
function policyWith(statement) {
  return `${JSON.stringify({ Version: "2012-10-17", Statement: [statement] }, null, 2)}
`;
}

// rules/iam-action-not-allowed.ts
var HELP = [
  "Remove the action, or, if the application truly needs it, add it to `iam.allowedActions`",
  "in the keyfence configuration after a review: the allowlist is the least-privilege contract."
].join(" ");
var iam_action_not_allowed_default = defineRule({
  ...iamRuleBase("iam-action-not-allowed"),
  id: "iam-action-not-allowed",
  description: "Detect IAM policy actions outside the allowed SQS actions",
  severity: "error",
  tags: ["security", "aws", "iam", "least-privilege"],
  help: HELP,
  messages: {
    actionNotAllowed: "`{{action}}` grants {{granted}}, outside the allowed actions.",
    notActionNotAllowed: "`NotAction` with Allow grants every action it does not list, including {{granted}}."
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: "Allow",
          Action: "sqs:SetQueueAttributes",
          Resource: "arn:aws:sqs:*:*:wipsie-*"
        }),
        path: "policy.json",
        note: "SetQueueAttributes can rewrite the queue policy"
      }
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: "policy.json", note: "the guide policy" },
      {
        text: policyWith({
          Effect: "Allow",
          Action: "SQS:sendmessage",
          Resource: "arn:aws:sqs:*:*:wipsie-*"
        }),
        path: "policy.json",
        note: "action names are case-insensitive"
      }
    ]
  }
});

// rules/iam-malformed-policy.ts
var HELP2 = [
  "Fix the document so that IAM accepts it: valid JSON, a `Statement`, `Effect` exactly",
  "`Allow` or `Deny`, one of `Action`/`NotAction` and of `Resource`/`NotResource`, and ARNs",
  "(not queue URLs: `Fn::GetAtt Queue.Arn`, not `Ref Queue`) as resources."
].join(" ");
var iam_malformed_policy_default = defineRule({
  ...iamRuleBase("iam-malformed-policy"),
  id: "iam-malformed-policy",
  description: "Detect IAM policies that are not valid policy documents",
  severity: "error",
  tags: ["security", "aws", "iam", "least-privilege"],
  help: HELP2,
  messages: {
    invalidJson: "The policy is not valid JSON here; IAM rejects it.",
    invalidYaml: "The file is not valid YAML here, so its policies cannot be checked.",
    tooComplex: "The document nests too deeply or expands to too many nodes to be a policy; keyfence did not check it.",
    missingStatement: "The policy document has no `Statement`.",
    statementNotObject: "Statement {{statement}} is not an object.",
    invalidEffect: 'Statement {{statement}}: `Effect` must be exactly "Allow" or "Deny", but {{detail}}.',
    bothElements: 'Statement {{statement}} has both "{{detail}}"; use one of them.',
    missingElement: 'Statement {{statement}} has neither "{{detail}}".',
    principalInIdentityPolicy: "Statement {{statement}} names a `Principal`, which an identity policy cannot have.",
    missingPrincipal: "Statement {{statement}} names no `Principal`, which a resource or trust policy needs.",
    invalidPrincipal: 'Statement {{statement}}: principal `{{value}}` is neither "*" nor a map of principal types.',
    partialWildcardPrincipal: "Statement {{statement}}: principal `{{value}}` uses a wildcard inside a name, which IAM does not support.",
    notAString: "Statement {{statement}}: `{{value}}` is not a string ({{detail}}).",
    notAnArn: "Statement {{statement}}: resource `{{value}}` is not valid: {{detail}}."
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: "allow",
          Action: "sqs:SendMessage",
          Resource: "arn:aws:sqs:*:*:wipsie-orders"
        }),
        path: "policy.json",
        note: "Effect is case-sensitive"
      }
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: "policy.json" },
      {
        text: policyWith({
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: ["arn:aws:sqs:*:*:wipsie-a", "arn:aws:sqs:*:*:wipsie-b"]
        }),
        path: "policy.json",
        note: "a list of resources"
      }
    ]
  }
});

// rules/iam-not-action.ts
var HELP3 = [
  "Replace `NotAction` with an `Action` list of what is needed; keep `NotAction` for Deny",
  "statements, where it narrows access."
].join(" ");
var iam_not_action_default = defineRule({
  ...iamRuleBase("iam-not-action"),
  id: "iam-not-action",
  description: "Detect NotAction in IAM policy statements that allow",
  severity: "error",
  tags: ["security", "aws", "iam", "least-privilege"],
  help: HELP3,
  messages: {
    notAction: "`NotAction` with Allow grants every action not listed, including those AWS adds later."
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: "Allow",
          NotAction: "sqs:DeleteQueue",
          Resource: "arn:aws:sqs:*:*:wipsie-*"
        }),
        path: "policy.json"
      }
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: "policy.json" },
      {
        text: policyWith({ Effect: "Deny", NotAction: "sqs:*", Resource: "*" }),
        path: "policy.json",
        note: "Deny with NotAction is a guard rail"
      }
    ]
  }
});

// rules/iam-not-principal.ts
var HELP4 = [
  "Name the principals that need access in `Principal`; `NotPrincipal` belongs in Deny",
  "statements only."
].join(" ");
var iam_not_principal_default = defineRule({
  ...iamRuleBase("iam-not-principal"),
  id: "iam-not-principal",
  description: "Detect NotPrincipal in IAM policy statements that allow",
  severity: "error",
  tags: ["security", "aws", "iam", "least-privilege"],
  help: HELP4,
  messages: {
    notPrincipal: "`NotPrincipal` with Allow grants access to everyone except the principals listed."
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: "Allow",
          NotPrincipal: { AWS: "arn:aws:iam::111122223333:user/bob" },
          Action: "sqs:SendMessage",
          Resource: "arn:aws:sqs:*:*:wipsie-orders"
        }),
        path: "queue-policy.json"
      }
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: "policy.json" },
      {
        text: policyWith({
          Effect: "Deny",
          NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" },
          Action: "sqs:*",
          Resource: "arn:aws:sqs:*:*:wipsie-*"
        }),
        path: "queue-policy.json",
        note: "Deny with NotPrincipal locks others out"
      }
    ]
  }
});

// rules/iam-not-resource.ts
var HELP5 = [
  "Replace `NotResource` with a `Resource` list of the queues needed; keep `NotResource` for",
  "Deny statements."
].join(" ");
var iam_not_resource_default = defineRule({
  ...iamRuleBase("iam-not-resource"),
  id: "iam-not-resource",
  description: "Detect NotResource in IAM policy statements that allow",
  severity: "error",
  tags: ["security", "aws", "iam", "least-privilege"],
  help: HELP5,
  messages: {
    notResource: "`NotResource` with Allow grants every resource not listed, of every service."
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: "Allow",
          Action: "sqs:SendMessage",
          NotResource: "arn:aws:sqs:*:*:wipsie-secret"
        }),
        path: "policy.json"
      }
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: "policy.json" },
      {
        text: policyWith({
          Effect: "Deny",
          Action: "sqs:*",
          NotResource: "arn:aws:sqs:*:*:wipsie-*"
        }),
        path: "policy.json",
        note: "Deny with NotResource narrows access"
      }
    ]
  }
});

// rules/iam-public-principal.ts
var HELP6 = [
  "Name the principal: an account, a role, or a service such as `sns.amazonaws.com`, and keep",
  "the Condition (for example `aws:SourceArn`) that ties it to one topic or bucket."
].join(" ");
var iam_public_principal_default = defineRule({
  ...iamRuleBase("iam-public-principal"),
  id: "iam-public-principal",
  description: "Detect IAM policy statements that allow any principal",
  severity: "error",
  tags: ["security", "aws", "iam", "least-privilege"],
  help: HELP6,
  messages: {
    publicPrincipal: "Principal `*` with Allow grants access to anyone, in any AWS account or none.",
    publicPrincipalConditioned: "Principal `*` with Allow grants access to anyone its Condition lets through; name the principal instead."
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: "Allow",
          Principal: "*",
          Action: "sqs:SendMessage",
          Resource: "arn:aws:sqs:*:*:wipsie-orders"
        }),
        path: "queue-policy.json"
      }
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: "policy.json", note: "no principal: an identity policy" },
      {
        text: policyWith({
          Effect: "Allow",
          Principal: { Service: "sns.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: "arn:aws:sqs:*:*:wipsie-orders"
        }),
        path: "queue-policy.json",
        note: "a named service principal"
      },
      {
        text: policyWith({
          Effect: "Deny",
          Principal: "*",
          Action: "sqs:*",
          Resource: "arn:aws:sqs:*:*:wipsie-orders"
        }),
        path: "queue-policy.json",
        note: "Deny for everyone narrows access"
      }
    ]
  }
});

// rules/iam-resource-outside-prefix.ts
var HELP7 = [
  "Scope the resource to the application's queues: `arn:aws:sqs:<region>:<account>:wipsie-...`.",
  "The literal text before the first wildcard must start with the configured prefix."
].join(" ");
var iam_resource_outside_prefix_default = defineRule({
  ...iamRuleBase("iam-resource-outside-prefix"),
  id: "iam-resource-outside-prefix",
  description: "Detect IAM policy resources not provably inside the allowed queue prefix",
  severity: "error",
  tags: ["security", "aws", "iam", "least-privilege"],
  help: HELP7,
  messages: {
    outsidePrefix: "Resource `{{resource}}` is not inside the allowed queues: {{reason}}."
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: "arn:aws:sqs:*:*:wipsie*"
        }),
        path: "policy.json",
        note: "without the hyphen it also matches wipsieprod-queue"
      }
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: "policy.json", note: "the guide policy" },
      {
        text: policyWith({
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: "arn:aws:sqs:eu-west-1:123456789012:wipsie-orders"
        }),
        path: "policy.json",
        note: "region and account do not matter"
      }
    ]
  }
});

// rules/iam-unknown-action.ts
var HELP8 = [
  "Check the spelling against the AWS service authorization reference. Batch API calls such as",
  "`SendMessageBatch` are authorized by the single-message action (`sqs:SendMessage`)."
].join(" ");
var iam_unknown_action_default = defineRule({
  ...iamRuleBase("iam-unknown-action"),
  id: "iam-unknown-action",
  description: "Detect IAM policy actions that match no known action",
  severity: "warning",
  tags: ["security", "aws", "iam", "least-privilege"],
  help: HELP8,
  messages: {
    unknownAction: "`{{action}}` matches no known IAM action: it grants nothing, so it is a typo or an API name."
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: "Allow",
          Action: "sqs:SendMessageBatch",
          Resource: "arn:aws:sqs:*:*:wipsie-*"
        }),
        path: "policy.json",
        note: "SendMessageBatch is an API call authorized by sqs:SendMessage"
      }
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: "policy.json", note: "every action exists" },
      {
        text: policyWith({
          Effect: "Allow",
          Action: "sqs:Get*",
          Resource: "arn:aws:sqs:*:*:wipsie-*"
        }),
        path: "policy.json",
        note: "a pattern that matches known actions (reported as a wildcard instead)"
      }
    ]
  }
});

// rules/iam-unresolved-reference.ts
var UNRESOLVED_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  QueueArn:
    Type: String
    Default: arn:aws:sqs:us-east-1:123456789012:wipsie-orders
Resources:
  SenderPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: sqs:SendMessage
            Resource: !Ref QueueArn
`;
var HELP9 = [
  "Write the value out, or make it provable: a parameter with `AllowedValues`, a queue in the",
  "same template or file with a literal name, or `!Sub` with pseudo parameters. If the value",
  "comes from elsewhere by design, turn the rule off for that path with a reason."
].join(" ");
var iam_unresolved_reference_default = defineRule({
  ...iamRuleBase("iam-unresolved-reference"),
  id: "iam-unresolved-reference",
  description: "Detect IAM policy values that cannot be resolved statically",
  severity: "warning",
  tags: ["security", "aws", "iam", "least-privilege"],
  help: HELP9,
  messages: {
    unresolvedValue: "`{{value}}` depends on `{{label}}`, which cannot be resolved here; it is not proven least-privilege.",
    unresolvedDocument: "The policy document comes from `{{expression}}`, which cannot be resolved here; it is not checked."
  },
  examples: {
    flagged: [
      {
        text: UNRESOLVED_TEMPLATE,
        path: "template.yaml",
        note: "a Default alone proves nothing: a deploy can pass any ARN"
      }
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: "policy.json" },
      {
        text: policyWith({
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: "arn:aws:sqs:*:*:wipsie-${aws:username}"
        }),
        path: "policy.json",
        note: "a policy variable after the prefix cannot leave it"
      }
    ]
  }
});

// rules/iam-wildcard-action.ts
var HELP10 = [
  "List the actions the application calls instead of a pattern.",
  "For the guide's Celery worker that is the ten SQS actions of its policy; a pattern such as",
  "`sqs:Send*` also grants every action AWS adds later under that name."
].join(" ");
var iam_wildcard_action_default = defineRule({
  ...iamRuleBase("iam-wildcard-action"),
  id: "iam-wildcard-action",
  description: "Detect IAM policy actions written with a wildcard",
  severity: "error",
  tags: ["security", "aws", "iam", "least-privilege"],
  help: HELP10,
  messages: {
    wildcardAction: "Action `{{value}}` uses a wildcard; list the actions it needs, since AWS adds actions that a pattern then grants."
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: "Allow",
          Action: "sqs:Send*",
          Resource: "arn:aws:sqs:*:*:wipsie-*"
        }),
        path: "policy.json",
        note: "sqs:Send* grants only SendMessage today, but any future sqs:Send action too"
      }
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: "policy.json", note: "the guide policy names every action" },
      {
        text: policyWith({ Effect: "Deny", Action: "sqs:*", Resource: "*" }),
        path: "policy.json",
        note: "a Deny statement only narrows access"
      }
    ]
  }
});

// rules/iam-wildcard-resource.ts
var HELP11 = [
  "Name the queues: `arn:aws:sqs:*:*:wipsie-*` (or the per-environment prefix). Only actions",
  "that take no resource, such as `sqs:ListQueues`, belong in a statement on `*`."
].join(" ");
var iam_wildcard_resource_default = defineRule({
  ...iamRuleBase("iam-wildcard-resource"),
  id: "iam-wildcard-resource",
  description: "Detect IAM policy resources that cover every resource of their kind",
  severity: "error",
  tags: ["security", "aws", "iam", "least-privilege"],
  help: HELP11,
  messages: {
    wildcardResource: "Resource `{{resource}}` covers every resource of its kind; name the queues (`{{prefix}}*`)."
  },
  examples: {
    flagged: [
      {
        text: policyWith({ Effect: "Allow", Action: "sqs:GetQueueAttributes", Resource: "*" }),
        path: "policy.json",
        note: 'GetQueueAttributes takes a queue, so "*" is broader than needed'
      }
    ],
    notFlagged: [
      {
        text: GUIDE_POLICY,
        path: "policy.json",
        note: 'ListQueues takes no resource, so "*" is fine for it'
      },
      {
        text: policyWith({
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: "arn:aws:sqs:*:*:wipsie-orders"
        }),
        path: "policy.json",
        note: "one named queue"
      }
    ]
  }
});

// rules/log-file.ts
var LOG_NAME_RE = /\.log$/i;
var LOGS_FOLDER_RE = /(?:^|\/)logs\//i;
var KEEP_FILE_RE = /^(?:\.gitkeep|\.keep|\.gitignore|readme(?:\.md)?)$/i;
var SOURCE_EXTENSIONS = [
  "[cm]?[jt]sx?",
  "py",
  "go",
  "rb",
  "java",
  "kt",
  "rs",
  "cs",
  "php",
  "swift",
  "c",
  "h",
  "cpp",
  "vue",
  "svelte",
  "css",
  "scss",
  "html",
  "md"
];
var SOURCE_FILE_RE = new RegExp(`\\.(?:${SOURCE_EXTENSIONS.join("|")})$`, "i");
var log_file_default = defineRule({
  kind: "path",
  id: "log-file",
  description: "Detect committed log files, which may hold credentials and personal data",
  severity: "warning",
  tags: ["security", "hygiene", "logs"],
  since: "0.1.0",
  stability: "preview",
  help: [
    "Logs record requests, headers, tokens and stack traces; they do not belong in git.",
    "1. Untrack the file: `git rm --cached FILE` (a `.gitignore` entry alone does not).",
    "2. Add `*.log` and `logs/` to `.gitignore` (`keyfence scan --fix`).",
    "3. Read the log for credentials or tokens and rotate any it holds."
  ].join("\n"),
  messages: {
    logCovered: "Log file `{{path}}` {{where}}: adding it to `.gitignore` does not remove it from the index or from history; run `git rm --cached {{path}}`, then rotate what it held.",
    logUncovered: "Log file `{{path}}` {{where}}; logs may hold credentials, so add it to `.gitignore` and run `git rm --cached {{path}}`."
  },
  examples: {
    flagged: [
      { path: "npm-debug.log", text: "info it worked\n" },
      { path: "server/logs/2024-01-02.txt", text: "GET /health 200\n" },
      { path: "logs/access.json", text: "{}\n" }
    ],
    notFlagged: [
      { path: "src/logger.ts", text: "export {};\n" },
      { path: "cmd/log.go", text: "package main\n" },
      { path: "CHANGELOG.md", text: "# Changes\n" },
      { path: "data/catalog.json", text: "{}\n" },
      { path: "blog/first-post.md", text: "# Hello\n" },
      { path: "logs/.gitkeep", text: "" }
    ]
  },
  appliesTo(path15) {
    if (LOG_NAME_RE.test(path15)) {
      return true;
    }
    const name = baseName(path15);
    return LOGS_FOLDER_RE.test(path15) && !KEEP_FILE_RE.test(name) && !SOURCE_FILE_RE.test(name);
  },
  check(file, report) {
    report(pathReport(file, { covered: "logCovered", uncovered: "logUncovered" }));
  }
});

// rules/private-key.ts
var BEGIN = "-----BEGIN ";
var END = "-----END ";
var DASHES = "-----";
var MAX_LABEL = 40;
var LABEL_RE = /^(?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?$/;
var MIN_BODY_CHARS = 40;
var MIN_BODY_SHARE = 0.9;
var ESCAPED_BREAK_RE = /\\[nr]/g;
var HEADER_LINE_RE = /^[\t ]*[A-Za-z-]+: .*$/gm;
var IGNORED_RE = /[\s"'`,+\\]/g;
var BASE64_RE = /[A-Za-z0-9+/=]/g;
function labelAt(text2, begin) {
  const start = begin + BEGIN.length;
  const close = text2.indexOf(DASHES, start);
  if (close === -1 || close - start > MAX_LABEL) {
    return void 0;
  }
  const label = text2.slice(start, close);
  return LABEL_RE.test(label) ? label : void 0;
}
function hasKeyBody(body) {
  const unwrapped = body.replace(ESCAPED_BREAK_RE, "\n").replace(HEADER_LINE_RE, "");
  const base64 = unwrapped.match(BASE64_RE)?.length ?? 0;
  const visible = unwrapped.replace(IGNORED_RE, "").length;
  return base64 >= MIN_BODY_CHARS && base64 >= visible * MIN_BODY_SHARE;
}
function blocksOf(text2) {
  const blocks = [];
  let from = 0;
  for (; ; ) {
    const first = text2.indexOf(BEGIN, from);
    const end = first === -1 ? -1 : text2.indexOf(END, first);
    if (end === -1) {
      return blocks;
    }
    const begin = text2.lastIndexOf(BEGIN, end);
    const label = labelAt(text2, begin);
    const closing = `${END}${label ?? ""}${DASHES}`;
    const bodyStart = begin + BEGIN.length + (label?.length ?? 0) + DASHES.length;
    const isClosed = label !== void 0 && text2.startsWith(closing, end);
    if (isClosed && hasKeyBody(text2.slice(bodyStart, end))) {
      blocks.push({ start: begin, end: end + closing.length, label });
    }
    from = end + END.length;
  }
}
var SAMPLE_BODY2 = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" + "BKcwggSjAgEAAoIBAQC7".repeat(3);
var private_key_default = defineRule({
  kind: "content",
  id: "private-key",
  description: "Detect PEM and OpenSSH private key blocks with a body",
  severity: "error",
  tags: ["security", "secret"],
  since: "0.1.0",
  stability: "preview",
  keywords: ["private key"],
  help: [
    "A private key proves an identity (a server, a deploy key, a signing key) to whoever holds it.",
    "1. Treat the key as compromised: revoke what trusts it now (remove the public key from",
    "   `authorized_keys` and deploy-key settings, revoke the certificate, rotate the key pair).",
    "2. Generate a new key pair and install the new public key where the old one was trusted.",
    "3. Check the logs of the systems that trusted it for use since it was committed.",
    "4. Remove the key from the code and purge it from git history (`git filter-repo`); keep",
    "   keys in a secret store or an SSH agent, never in the repository."
  ].join("\n"),
  messages: {
    privateKey: "Private key ({{label}}) found; revoke it and issue a new key pair."
  },
  examples: {
    flagged: [
      {
        text: `-----BEGIN PRIVATE KEY-----
${SAMPLE_BODY2}
-----END PRIVATE KEY-----
`,
        path: "deploy/key.pem"
      }
    ],
    notFlagged: [
      { text: "Paste it between -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY-----.\n" },
      { text: `-----BEGIN PUBLIC KEY-----
${SAMPLE_BODY2}
-----END PUBLIC KEY-----
` },
      { text: 'const HEADER = "-----BEGIN RSA PRIVATE KEY-----";\n', note: "a header, no body" }
    ]
  },
  check(file, report) {
    for (const block of blocksOf(file.text ?? "")) {
      report({
        messageId: "privateKey",
        data: { label: block.label },
        start: block.start,
        end: block.end,
        value: (file.text ?? "").slice(block.start, block.end),
        properties: { keyType: block.label }
      });
    }
  }
});

// rules/index.ts
var RULES = [
  aws_access_key_id_default,
  aws_bedrock_api_key_default,
  aws_credentials_file_default,
  aws_secret_access_key_default,
  aws_session_token_default,
  aws_static_credentials_in_deploy_default,
  dotenv_file_default,
  gitignore_missing_default,
  iam_action_not_allowed_default,
  iam_malformed_policy_default,
  iam_not_action_default,
  iam_not_principal_default,
  iam_not_resource_default,
  iam_public_principal_default,
  iam_resource_outside_prefix_default,
  iam_unknown_action_default,
  iam_unresolved_reference_default,
  iam_wildcard_action_default,
  iam_wildcard_resource_default,
  log_file_default,
  private_key_default
];

// src/cli/output.ts
import { createRequire as createRequire3 } from "node:module";
init_results();

// src/log.ts
import { debuglog } from "node:util";
var CONTROL_RE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
var write = (line) => process.stderr.write(`${line}
`);
var sink = (line) => {
  write(line.replace(CONTROL_RE, "\uFFFD"));
};
var debugForced = false;
var warned = /* @__PURE__ */ new Set();
var debuggers = /* @__PURE__ */ new Map();
function warn(message) {
  if (warned.has(message)) {
    return;
  }
  warned.add(message);
  sink(`keyfence: warning: ${message}`);
}
function info(message) {
  sink(`keyfence: ${message}`);
}
function debugFor(area) {
  return (message) => {
    if (debugForced) {
      sink(`keyfence:${area} ${message}`);
      return;
    }
    let native = debuggers.get(area);
    if (!native) {
      native = debuglog(`keyfence-${area}`);
      debuggers.set(area, native);
    }
    native(message);
  };
}

// src/cli/output.ts
init_text();

// src/cli/io.ts
var EXIT_CLEAN = 0;
var EXIT_FINDINGS = 1;
var EXIT_ERROR = 2;

// src/cli/output.ts
var loadBuiltin = createRequire3(import.meta.url);
function exitStatusOf(findings, failOn) {
  const failing = findings.some(
    (finding2) => finding2.suppression === void 0 && isAtLeast(finding2.severity, failOn)
  );
  return failing ? EXIT_FINDINGS : EXIT_CLEAN;
}

// src/action/run.ts
init_github();
init_sarif();
init_summary();

// src/scanners/git.ts
import { spawn } from "node:child_process";

// src/clock.ts
function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

// src/scanners/git.ts
var debug = debugFor("git");
var GIT_ENV = {
  GIT_OPTIONAL_LOCKS: "0",
  GIT_TERMINAL_PROMPT: "0",
  GIT_PAGER: "cat",
  LC_ALL: "C"
};
function runGit(args, cwd) {
  const started = now();
  return new Promise((resolve2, reject) => {
    const child = spawn("git", args, { cwd, env: { ...process.env, ...GIT_ENV } });
    const out = [];
    const err = [];
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => err.push(chunk));
    child.on("error", (cause) => reject(spawnError(cause)));
    child.on("close", (code) => {
      debug(`git ${args[0] ?? ""} exited ${code ?? "by signal"} in ${ms(started)} ms`);
      resolve2({
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString("utf8").trim(),
        code: code ?? 128
      });
    });
  });
}
async function git(args, cwd) {
  const result = await runGit(args, cwd);
  if (result.code !== 0) {
    const command = args.find((arg) => !arg.startsWith("-")) ?? "";
    throw new KeyfenceError(
      "git",
      `git ${command} failed: ${firstLine(result.stderr) || `exit code ${result.code}`}`,
      "Check that the repository is intact (`git fsck`) and that git works here."
    );
  }
  return result.stdout;
}
function splitNul(output) {
  const fields = output.toString("utf8").split("\0");
  if (fields.at(-1) === "") {
    fields.pop();
  }
  return fields;
}
function splitNulBytes(output) {
  const fields = [];
  let start = 0;
  for (let end = output.indexOf(0); end !== -1; end = output.indexOf(0, start)) {
    fields.push(output.subarray(start, end));
    start = end + 1;
  }
  if (start < output.length) {
    fields.push(output.subarray(start));
  }
  return fields;
}
function spawnError(cause) {
  if (cause.code === "ENOENT") {
    return new KeyfenceError(
      "git",
      "the git executable was not found on PATH",
      "Install git (https://git-scm.com) or add it to PATH, then run keyfence again."
    );
  }
  return new KeyfenceError("git", `could not run git: ${cause.message}`);
}
function firstLine(text2) {
  return text2.split("\n", 1)[0]?.replace(/^fatal: /, "") ?? "";
}
function ms(since) {
  return (now() - since).toFixed(1);
}

// src/scanners/repository.ts
async function findRepository(dir) {
  const args = [
    "rev-parse",
    "--is-bare-repository",
    "--absolute-git-dir",
    "--is-shallow-repository"
  ];
  const result = await runGit([...args, "--show-toplevel"], dir);
  const [isBare, gitDir, isShallow, root] = result.stdout.toString("utf8").split("\n");
  if (isBare === "true") {
    throw new KeyfenceError(
      "git",
      `${dir} is a bare repository, which has no working tree to scan`,
      "Run `keyfence history` to scan its commits, or run keyfence in a clone with a work tree."
    );
  }
  if (result.code !== 0) {
    if (result.stderr.includes("not a git repository")) {
      return void 0;
    }
    throw new KeyfenceError(
      "git",
      `git cannot read the repository at ${dir}: ${firstLine(result.stderr)}`,
      result.stderr.includes("dubious ownership") ? "Git refuses repositories owned by another user; run as the owner, or add the path to git's safe.directory if you trust it." : "Check that the repository is intact (`git fsck`) and that git works here."
    );
  }
  if (!gitDir || !root) {
    throw new KeyfenceError("git", `git rev-parse gave no repository paths for ${dir}`);
  }
  return { root, gitDir, isShallow: isShallow === "true" };
}
async function requireRepository(dir, command) {
  const repository = await findRepository(dir);
  if (!repository) {
    throw new KeyfenceError(
      "git",
      `${dir} is not inside a git repository, and \`keyfence ${command}\` reads git's data`,
      "Run it inside a repository, or use `keyfence scan PATH` to scan plain files."
    );
  }
  return repository;
}

// package.json
var package_default = {
  name: "keyfence",
  version: "0.1.0",
  description: "A secret-scanning linter for git: AWS credentials, repository hygiene and IAM least privilege",
  license: "MIT",
  type: "module",
  bin: {
    keyfence: "bin/keyfence.js"
  },
  files: [
    "bin",
    "dist",
    "rules/*.md",
    "README.md"
  ],
  engines: {
    node: ">=20"
  },
  scripts: {
    build: "node scripts/build.js",
    "build:action": "node scripts/build-action.js",
    typecheck: "tsc --noEmit",
    test: "vitest run",
    prepare: "node scripts/build.js && husky",
    "bench:content": "node bench/run.js bench/content.ts",
    "bench:history": "node scripts/build.js && node bench/history.js",
    "bench:iam": "node bench/run.js bench/iam-policies.ts",
    "bench:robustness": "node scripts/build.js && node bench/robustness.js",
    corpus: "node bench/run.js bench/corpus.ts",
    "bench:startup": "npm run --silent build && node bench/startup.js",
    format: "prettier --write 'src/**/*.ts' 'rules/**/*.ts' 'test/**/*.ts' 'bench/**/*.{ts,js}' 'scripts/*.js' 'bin/*.js'",
    "format:check": "prettier --check 'src/**/*.ts' 'rules/**/*.ts' 'test/**/*.ts' 'bench/**/*.{ts,js}' 'scripts/*.js' 'bin/*.js'"
  },
  dependencies: {
    cosmiconfig: "^9.0.2",
    ignore: "^7.0.17",
    picocolors: "^1.1.1",
    yaml: "^2.9.1"
  },
  devDependencies: {
    "@action-validator/cli": "^0.6.0",
    "@types/node": "^20.19.43",
    ajv: "^8.20.0",
    "ajv-formats": "^3.0.1",
    esbuild: "^0.28.2",
    "fast-check": "^4.11.0",
    husky: "^9.1.7",
    prettier: "^3.10.1",
    "simple-git": "^4.1.0",
    typescript: "^5.9.3",
    vitest: "^4.1.12"
  }
};

// src/version.ts
var VERSION = package_default.version;

// src/action/base-settings.ts
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path4 from "node:path";

// src/config/load.ts
import { existsSync, readFileSync as readFileSync2, statSync } from "node:fs";
import path3 from "node:path";
import { pathToFileURL as pathToFileURL2 } from "node:url";

// src/engine/redact.ts
var MASK = "********";
var FULL_PREFIX_MIN_LENGTH = 16;
var SHORT_PREFIX_MIN_LENGTH = 8;
function redact(value) {
  const shown = value.length >= FULL_PREFIX_MIN_LENGTH ? 4 : value.length >= SHORT_PREFIX_MIN_LENGTH ? 2 : 0;
  return value.slice(0, shown) + MASK;
}
var LONG_TOKEN_RE = /[A-Za-z0-9+=_]{16,}/g;
function redactLongTokens(text2) {
  return text2.replace(LONG_TOKEN_RE, (token) => redact(token));
}

// src/import-module.ts
var importer = (specifier) => import(specifier);
function importModule(specifier) {
  return importer(specifier);
}

// src/suppress/values.ts
var MAX_PATTERN_LENGTH = 500;
var BRACES_RE = /^\{(\d+)(?:(,)(\d*))?\}/;
function compileAllowedValue(source, reason) {
  let pattern;
  try {
    pattern = new RegExp(source);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return `is not a valid regular expression (${message.replace(/^.*: /s, "")})`;
  }
  const unsafe = backtrackingRisk(source);
  if (unsafe) {
    return unsafe;
  }
  return reason === void 0 ? { pattern } : { pattern, reason };
}
function valueSuppression(value, allowed) {
  if (value === "") {
    return void 0;
  }
  const match = allowed.find((entry) => entry.pattern.test(value));
  if (!match) {
    return void 0;
  }
  return {
    kind: "external",
    source: "config",
    ...match.reason === void 0 ? {} : { justification: match.reason }
  };
}
var MAX_UNBOUNDED_REPEATS = 2;
var TOO_MANY_REPEATS_MESSAGE = `has more than ${MAX_UNBOUNDED_REPEATS} unbounded repeats (*, + or {n,}), which can take polynomial time of high degree on long values`;
var NESTED_REPEAT_MESSAGE = 'repeats a group that itself repeats or branches (such as "(a+)+"), which can take exponential time';
function backtrackingRisk(source) {
  if (source.length > MAX_PATTERN_LENGTH) {
    return `is longer than ${MAX_PATTERN_LENGTH} characters`;
  }
  const stack = [{ hasRepeat: false, hasBranch: false }];
  let previous;
  let unbounded = 0;
  for (let index = 0; index < source.length; index++) {
    const char = source[index] ?? "";
    const top = stack.at(-1) ?? { hasRepeat: false, hasBranch: false };
    const repeat = char === "*" || char === "+" ? 1 : char === "{" ? bracesLength(source, index) : 0;
    if (repeat > 0) {
      if (typeof previous === "object" && (previous.hasRepeat || previous.hasBranch)) {
        return NESTED_REPEAT_MESSAGE;
      }
      unbounded += isUnbounded(source, index) ? 1 : 0;
      if (unbounded > MAX_UNBOUNDED_REPEATS) {
        return TOO_MANY_REPEATS_MESSAGE;
      }
      top.hasRepeat = true;
      index += repeat - 1;
      previous = void 0;
    } else if (char === "\\") {
      if (/[1-9k]/.test(source[index + 1] ?? "")) {
        return "uses a backreference, which can take exponential time";
      }
      index += 1;
      previous = "atom";
    } else if (char === "[") {
      index = classEnd(source, index);
      previous = "atom";
    } else if (char === "(") {
      stack.push({ hasRepeat: false, hasBranch: false });
      previous = void 0;
    } else if (char === ")") {
      previous = closeGroup(stack);
    } else if (char === "|") {
      top.hasBranch = true;
      previous = void 0;
    } else {
      previous = char === "?" ? previous : "atom";
    }
  }
  return void 0;
}
function isUnbounded(source, index) {
  const char = source[index];
  return char === "*" || char === "+" || BRACES_RE.exec(source.slice(index))?.[3] === "";
}
function closeGroup(stack) {
  const group = stack.length > 1 ? stack.pop() : void 0;
  const parent = stack.at(-1);
  if (group && parent) {
    parent.hasRepeat ||= group.hasRepeat;
    parent.hasBranch ||= group.hasBranch;
  }
  return group;
}
function bracesLength(source, index) {
  const match = BRACES_RE.exec(source.slice(index));
  if (!match) {
    return 0;
  }
  const low = Number(match[1]);
  const high = match[2] === void 0 ? low : match[3] === "" ? Infinity : Number(match[3]);
  return high > 1 ? match[0].length : 0;
}
function classEnd(source, index) {
  let at = index + 1;
  if (source[at] === "^") {
    at += 1;
  }
  if (source[at] === "]") {
    at += 1;
  }
  while (at < source.length && source[at] !== "]") {
    at += source[at] === "\\" ? 2 : 1;
  }
  return at;
}

// src/config/schema.ts
var LEVEL = { type: "string", enum: ["off", "error", "warning", "note"] };
var SEVERITY = { type: "string", enum: ["error", "warning", "note"] };
var ALLOWED_PATH = {
  type: "oneOf",
  label: 'a glob string or { "path", "reason" }',
  options: [
    { type: "string" },
    {
      type: "object",
      properties: { path: { type: "string" }, reason: { type: "string" } }
    }
  ]
};
var ALLOWED_VALUE = {
  type: "oneOf",
  label: 'a regular expression string or { "pattern", "reason" }',
  options: [
    { type: "string" },
    {
      type: "object",
      properties: { pattern: { type: "string" }, reason: { type: "string" } }
    }
  ]
};
var GITIGNORE = {
  type: "object",
  properties: {
    required: { type: "array", items: { type: "string" } },
    add: { type: "array", items: { type: "string" } },
    remove: { type: "array", items: { type: "string" } }
  }
};
var CONFIG_SCHEMA = {
  type: "object",
  properties: {
    $schema: { type: "string" },
    failOn: SEVERITY,
    maxFileSize: {
      type: "oneOf",
      label: 'a number of bytes or a size such as "10MiB"',
      options: [{ type: "number", minimum: 1, integer: true }, { type: "string" }]
    },
    rules: {
      type: "object",
      additional: {
        type: "oneOf",
        label: '"off", "error", "warning", "note" or { "level", "reason" }',
        options: [
          LEVEL,
          { type: "object", properties: { level: LEVEL, reason: { type: "string" } } }
        ]
      }
    },
    allow: {
      type: "object",
      properties: {
        paths: { type: "array", items: ALLOWED_PATH },
        values: { type: "array", items: ALLOWED_VALUE }
      }
    },
    baseline: { type: "string" },
    gitignore: GITIGNORE,
    iam: IAM_CONFIG_SCHEMA
  }
};
function validate(value, node, key = "") {
  switch (node.type) {
    case "string":
      return validateString(value, node.enum, key);
    case "number":
      return validateNumber(value, node, key);
    case "boolean":
      return typeof value === "boolean" ? [] : [{ key, message: `must be true or false, got ${describe(value)}` }];
    case "array":
      if (!Array.isArray(value)) {
        return [{ key, message: `must be a list, got ${describe(value)}` }];
      }
      return value.flatMap((item, index) => validate(item, node.items, `${key}[${index}]`));
    case "object":
      return validateObject(value, node, key);
    case "oneOf":
      return node.options.some((option) => validate(value, option, key).length === 0) ? [] : [{ key, message: `must be ${node.label}, got ${describe(value)}` }];
  }
}
function validateString(value, allowed, key) {
  if (typeof value !== "string") {
    return [{ key, message: `must be a string, got ${describe(value)}` }];
  }
  if (allowed && !allowed.includes(value)) {
    return [{ key, message: `must be one of ${allowed.join(", ")}, got ${describe(value)}` }];
  }
  return [];
}
function validateNumber(value, node, key) {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return [{ key, message: `must be a number, got ${describe(value)}` }];
  }
  if (node.integer && !Number.isInteger(value)) {
    return [{ key, message: `must be a whole number, got ${value}` }];
  }
  if (node.minimum !== void 0 && value < node.minimum) {
    return [{ key, message: `must be at least ${node.minimum}, got ${value}` }];
  }
  return [];
}
function validateObject(value, node, key) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [{ key, message: `must be an object, got ${describe(value)}` }];
  }
  const problems = [];
  const known = node.properties ?? {};
  for (const [name, item] of Object.entries(value)) {
    const child = key === "" ? name : `${key}.${name}`;
    const schema = Object.hasOwn(known, name) ? known[name] : node.additional;
    if (schema) {
      problems.push(...validate(item, schema, child));
    } else {
      problems.push({ key: child, message: unknownKeyMessage(name, Object.keys(known)) });
    }
  }
  return problems;
}
function unknownKeyMessage(name, known) {
  const close = known.find(
    (candidate) => editDistance(candidate.toLowerCase(), name.toLowerCase()) <= 2
  );
  const suggestion = close ? ` (did you mean "${close}"?)` : "";
  return `is not a known option${suggestion}; known options here: ${known.join(", ")}`;
}
function describe(value) {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "a list";
  }
  if (typeof value === "string") {
    return value.length <= 20 ? redactLongTokens(JSON.stringify(value)) : `a ${value.length}-character string`;
  }
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

// src/config/trust.ts
import path2 from "node:path";
var CODE_EXTENSIONS = /* @__PURE__ */ new Set([".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"]);
function isCodeConfig(file) {
  return CODE_EXTENSIONS.has(path2.extname(file).toLowerCase());
}
function assertConfigTrusted(file, trust) {
  if (trust.allowCode || !isCodeConfig(file)) {
    return;
  }
  throw new KeyfenceError(
    "config",
    `${file} is JavaScript, which runs code when loaded, and ${trust.reason}, where the repository may not be trusted`,
    "Pass --trust-config if you trust the code of this repository, or move the settings to .keyfencerc.json or .keyfencerc.yaml, which are read without running anything."
  );
}

// src/config/load.ts
var debug2 = debugFor("config");
var CONFIG_FILES = [
  "package.json",
  ".keyfencerc",
  ".keyfencerc.json",
  ".keyfencerc.yaml",
  ".keyfencerc.yml",
  "keyfence.config.js",
  "keyfence.config.mjs",
  "keyfence.config.cjs"
];
var DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;
var UNTRUSTED = { allowCode: false, reason: "this run was not told to trust it" };
async function loadConfig(options) {
  if (options.disabled) {
    return resolveConfig({}, void 0, options.knownRuleIds);
  }
  const file = options.file ?? findConfigFile(options.root);
  if (!file) {
    debug2(`no configuration in ${options.root}`);
    return resolveConfig({}, void 0, options.knownRuleIds);
  }
  if (!existsSync(file)) {
    throw new KeyfenceError(
      "config",
      `the configuration file ${file} does not exist`,
      "Check the path given to --config."
    );
  }
  if (!statSync(file).isFile()) {
    throw new KeyfenceError(
      "config",
      `the configuration ${file} is not a regular file`,
      "Replace it with a file, or run with --no-config."
    );
  }
  assertConfigTrusted(file, options.trust ?? UNTRUSTED);
  const raw = await readConfigFile(file);
  debug2(`configuration read from ${file}`);
  return resolveConfig(raw, file, options.knownRuleIds);
}
function findConfigFile(root) {
  for (const name of CONFIG_FILES) {
    const candidate = path3.join(root, name);
    if (!existsSync(candidate)) {
      continue;
    }
    if (name !== "package.json" || hasPackageKey(candidate)) {
      return candidate;
    }
  }
  return void 0;
}
function hasPackageKey(file) {
  try {
    if (!statSync(file).isFile()) {
      return false;
    }
    const manifest = JSON.parse(readFileSync2(file, "utf8"));
    return typeof manifest === "object" && manifest !== null && "keyfence" in manifest;
  } catch {
    return false;
  }
}
async function readConfigFile(file) {
  const json = readJsonConfig(file);
  if (json) {
    return json.config;
  }
  const { cosmiconfig } = (await Promise.resolve().then(() => __toESM(require_dist(), 1))).default;
  const explorer = cosmiconfig("keyfence", {
    searchStrategy: "none",
    cache: false,
    loaders: { ".js": loadScript, ".mjs": loadScript, ".cjs": loadScript }
  });
  try {
    const result = await explorer.load(file);
    return result?.config ?? {};
  } catch (cause) {
    throw new KeyfenceError(
      "config",
      `${file} could not be read: ${describeParseError(cause)}`,
      "Fix the syntax (the position above shows where), or run with --no-config."
    );
  }
}
async function loadScript(file) {
  const namespace = await importModule(pathToFileURL2(file).href);
  return namespace.default;
}
function readJsonConfig(file) {
  const name = path3.basename(file);
  if (!name.endsWith(".json")) {
    return void 0;
  }
  let parsed;
  try {
    parsed = JSON.parse(readFileSync2(file, "utf8"));
  } catch {
    return void 0;
  }
  if (name === "package.json") {
    const manifest = parsed;
    return { config: manifest?.keyfence ?? {} };
  }
  return { config: parsed ?? {} };
}
function describeParseError(cause) {
  const message = cause instanceof Error ? cause.message : String(cause);
  const position = /line (\d+)(?:,? col(?:umn)? (\d+))?/i.exec(message);
  const where = position ? ` at line ${position[1]}${position[2] ? `, column ${position[2]}` : ""}` : "";
  const kind = /json/i.test(message) ? "invalid JSON" : /yaml/i.test(message) ? "invalid YAML" : "syntax error";
  return `${kind}${where}`;
}
function resolveConfig(raw, file, knownRuleIds) {
  const label = file ?? "the configuration";
  const problems = validate(raw, CONFIG_SCHEMA);
  const first = problems[0];
  if (first) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : "";
    throw new KeyfenceError(
      "config",
      // Keys come from the file and a pasted secret can be one: long tokens are masked.
      `${label}: "${redactLongTokens(first.key) || "(top level)"}" ${first.message}${more}`,
      "See the configuration reference in the README."
    );
  }
  const config = raw;
  return {
    file,
    failOn: config.failOn ?? "error",
    maxFileSize: checkSizeLimit(parseSize(config.maxFileSize, label), label),
    rules: resolveRuleLevels(config.rules ?? {}, label, knownRuleIds),
    allowedPaths: (config.allow?.paths ?? []).map(
      (entry) => typeof entry === "string" ? { pattern: entry } : { pattern: entry.path ?? "", ...reasonOf(entry) }
    ),
    allowedValues: (config.allow?.values ?? []).map(
      (entry, index) => resolveAllowedValue(entry, `${label}: "allow.values[${index}]"`)
    ),
    baseline: file && config.baseline !== void 0 ? resolveBaselinePath(file, config.baseline, label) : void 0,
    raw: config
  };
}
function resolveAllowedValue(entry, where) {
  const source = typeof entry === "string" ? entry : entry.pattern;
  if (source === void 0) {
    throw new KeyfenceError("config", `${where} needs a "pattern"`);
  }
  const compiled = compileAllowedValue(
    source,
    typeof entry === "string" ? void 0 : entry.reason
  );
  if (typeof compiled === "string") {
    throw new KeyfenceError(
      "config",
      `${where} ${compiled}`,
      "Write the pattern without nested repetition, or match the fake value literally."
    );
  }
  return compiled;
}
function reasonOf(entry) {
  return entry.reason === void 0 ? {} : { reason: entry.reason };
}
function resolveRuleLevels(rules, label, knownRuleIds) {
  const levels = /* @__PURE__ */ new Map();
  for (const [id, setting] of Object.entries(rules)) {
    if (!knownRuleIds.has(id)) {
      throw new KeyfenceError(
        "config",
        `${label}: "rules.${redactLongTokens(id)}" names a rule that does not exist`,
        "Run `keyfence rules` to list the rule ids."
      );
    }
    const level = typeof setting === "string" ? setting : setting.level;
    if (level) {
      levels.set(id, level);
    }
  }
  return levels;
}
var SIZE_RE = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/i;
var SIZE_UNITS = {
  b: 1,
  kb: 1e3,
  kib: 1024,
  mb: 1e3 ** 2,
  mib: 1024 ** 2,
  gb: 1e3 ** 3,
  gib: 1024 ** 3
};
var MAX_TEXT_FILE_SIZE = 512 * 1024 * 1024 - 64;
function checkSizeLimit(size, label) {
  if (size > MAX_TEXT_FILE_SIZE) {
    throw new KeyfenceError(
      "config",
      `${label}: "maxFileSize" may be at most 511MiB, the largest text keyfence can hold`,
      "Lower it; larger files are skipped and counted as too large."
    );
  }
  return size;
}
function parseSize(value, label) {
  if (value === void 0) {
    return DEFAULT_MAX_FILE_SIZE;
  }
  if (typeof value === "number") {
    return value;
  }
  const match = SIZE_RE.exec(value.trim());
  const unit = SIZE_UNITS[(match?.[2] ?? "b").toLowerCase()];
  if (!match || unit === void 0) {
    throw new KeyfenceError(
      "config",
      `${label}: "maxFileSize" must be a number of bytes or a size such as "10MiB"`
    );
  }
  return Math.floor(Number(match[1]) * unit);
}
function resolveBaselinePath(file, baseline, label) {
  const folder = path3.dirname(file);
  const resolved2 = path3.resolve(folder, baseline);
  const relative = path3.relative(folder, resolved2);
  if (relative === "" || relative.startsWith("..") || path3.isAbsolute(relative)) {
    throw new KeyfenceError(
      "config",
      `${label}: "baseline" must be a file in the configuration's folder or below`,
      'Give a relative path such as ".keyfence-baseline.json", or pass --baseline FILE.'
    );
  }
  return resolved2;
}

// src/action/base-settings.ts
var JAVASCRIPT_CONFIG_RE = /\.[cm]?js$/;
async function settingsFromBase(root, range, inputs) {
  if ((await runGit(["cat-file", "-e", `${range.base}^{commit}`], root)).code !== 0) {
    throw new KeyfenceError(
      "git",
      `the base commit ${range.base.slice(0, 7)} is not in the checkout, and keyfence reads its settings from there`,
      "Set `fetch-depth: 2` on actions/checkout (the merge commit and its parents), or `fetch-depth: 0`."
    );
  }
  const mirror = mkdtempSync(path4.join(tmpdir(), "keyfence-base-"));
  const candidates = inputs.config ? [toGitPath(inputs.config)] : [...CONFIG_FILES];
  const configPath = await firstConfigAt(root, range.base, candidates);
  const configFile = configPath && await copyFromCommit(root, range.base, configPath, mirror);
  const baselinePath = inputs.baseline ? toGitPath(inputs.baseline) : await configuredBaseline(configFile, mirror);
  const baselineFile = baselinePath && await copyFromCommit(root, range.base, baselinePath, mirror);
  const watched = [...candidates, ...baselinePath ? [baselinePath] : []];
  return {
    configFile,
    baselineFile,
    baselinePath,
    changedByPullRequest: await changedFiles(root, range, watched)
  };
}
async function firstConfigAt(root, commit, candidates) {
  for (const candidate of candidates) {
    const text2 = await blobAt(root, commit, candidate);
    if (text2 === void 0 || candidate === "package.json" && !hasKeyfenceKey(text2)) {
      continue;
    }
    if (JAVASCRIPT_CONFIG_RE.test(candidate)) {
      throw new KeyfenceError(
        "config",
        `the base branch configures keyfence in ${candidate}, which the action will not run`,
        "Move the settings to .keyfencerc.json or .keyfencerc.yaml: the action reads data only."
      );
    }
    return candidate;
  }
  return void 0;
}
async function configuredBaseline(configFile, mirror) {
  if (!configFile) {
    return void 0;
  }
  const knownRuleIds = new Set(RULES.map((rule) => rule.id));
  const config = await loadConfig({ root: mirror, file: configFile, knownRuleIds });
  const relative = config.baseline && path4.relative(mirror, config.baseline);
  return relative && !relative.startsWith("..") ? toGitPath(relative) : void 0;
}
function hasKeyfenceKey(text2) {
  try {
    const manifest = JSON.parse(text2);
    return typeof manifest === "object" && manifest !== null && "keyfence" in manifest;
  } catch {
    return false;
  }
}
async function copyFromCommit(root, commit, file, mirror) {
  const text2 = await blobAt(root, commit, file);
  if (text2 === void 0) {
    return void 0;
  }
  const target = path4.join(mirror, ...file.split("/"));
  mkdirSync(path4.dirname(target), { recursive: true });
  writeFileSync(target, text2);
  return target;
}
async function blobAt(root, commit, file) {
  const result = await runGit(["cat-file", "blob", `${commit}:${file}`], root);
  return result.code === 0 ? result.stdout.toString("utf8") : void 0;
}
async function changedFiles(root, range, files) {
  const args = ["diff", "--name-only", "-z", "--no-renames", `${range.base}...${range.head}`];
  const result = await runGit([...args, "--", ...files], root);
  return result.code === 0 ? result.stdout.toString("utf8").split("\0").filter(Boolean) : [];
}
function toGitPath(file) {
  return path4.posix.normalize(file.replaceAll("\\", "/")).replace(/^\.\//, "");
}

// src/action/inputs.ts
var MODES = ["pull-request", "history", "scan"];
var SEVERITIES2 = ["error", "warning", "note"];
function getInput(env, name) {
  return (env[`INPUT_${name.replaceAll(" ", "_").toUpperCase()}`] ?? "").trim();
}
function readInputs(env) {
  const event = env["GITHUB_EVENT_NAME"] ?? "";
  const isPullRequest = event === "pull_request" || event === "pull_request_target";
  const mode = getInput(env, "mode") || (isPullRequest ? "pull-request" : "scan");
  const failOn = getInput(env, "fail-on");
  const annotations = getInput(env, "annotations") || "true";
  if (!MODES.includes(mode)) {
    throw inputError("mode", mode, MODES);
  }
  if (failOn !== "" && !SEVERITIES2.includes(failOn)) {
    throw inputError("fail-on", failOn, SEVERITIES2);
  }
  if (annotations !== "true" && annotations !== "false") {
    throw inputError("annotations", annotations, ["true", "false"]);
  }
  return {
    mode,
    config: getInput(env, "config") || void 0,
    baseline: getInput(env, "baseline") || void 0,
    failOn: failOn === "" ? void 0 : failOn,
    sarifFile: getInput(env, "sarif-file") || void 0,
    annotations: annotations === "true"
  };
}
function inputError(name, value, allowed) {
  return new KeyfenceError(
    "usage",
    `the input "${name}" must be one of ${allowed.join(", ")} (got "${value}")`,
    `Fix \`${name}:\` under \`with:\` in the workflow.`
  );
}

// src/action/pull-request.ts
import { readFileSync as readFileSync3 } from "node:fs";
import path5 from "node:path";
var SHA_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
function readPullRequestEvent(eventPath) {
  let payload;
  try {
    payload = JSON.parse(readFileSync3(eventPath ?? "", "utf8"));
  } catch {
    throw new KeyfenceError(
      "input",
      `the event payload ${eventPath ?? "(GITHUB_EVENT_PATH is not set)"} could not be read`,
      "Run the action inside GitHub Actions, or set mode: scan."
    );
  }
  const pr = payload.pull_request;
  const base = pr?.base?.sha ?? "";
  const head = pr?.head?.sha ?? "";
  if (!SHA_RE.test(base) || !SHA_RE.test(head)) {
    throw new KeyfenceError(
      "input",
      "mode pull-request needs a pull_request event, and this payload has no base and head SHAs",
      "Trigger the workflow `on: pull_request`, or set `mode: history` or `mode: scan`."
    );
  }
  return {
    number: typeof pr?.number === "number" ? pr.number : void 0,
    base,
    head,
    commits: typeof pr?.commits === "number" ? pr.commits : void 0
  };
}
async function resolveCommitRange(root, event) {
  const [hasBase, hasHead] = await Promise.all([
    hasCommit(root, event.base),
    hasCommit(root, event.head)
  ]);
  if (!hasHead) {
    throw tooShallow(event, "the pull request");
  }
  if (!hasBase) {
    throw tooShallow(event, "the base branch");
  }
  const commits = splitLines(await git(["rev-list", `${event.base}..${event.head}`], root));
  const boundary = await shallowBoundary(root);
  if (commits.some((sha) => boundary.has(sha))) {
    const ownCommits = event.commits ?? commits.length;
    const cutsOwn = commits.slice(0, ownCommits).some((sha) => boundary.has(sha));
    throw tooShallow(event, cutsOwn ? "the pull request" : "the base branch");
  }
  return { base: event.base, head: event.head, commits };
}
async function hasCommit(root, sha) {
  return (await runGit(["cat-file", "-e", `${sha}^{commit}`], root)).code === 0;
}
async function shallowBoundary(root) {
  const file = (await git(["rev-parse", "--git-path", "shallow"], root)).toString("utf8").trim();
  try {
    return new Set(splitLines(readFileSync3(path5.resolve(root, file))));
  } catch {
    return /* @__PURE__ */ new Set();
  }
}
function tooShallow(event, side) {
  const count2 = event.commits;
  const depth = side === "the pull request" && count2 !== void 0 ? String(count2 + 2) : "0";
  const commits = count2 === void 0 ? "the commits" : `the ${count2} commit${count2 === 1 ? "" : "s"}`;
  return new KeyfenceError(
    "git",
    `the checkout is too shallow to see ${commits} this pull request adds (cut off in ${side})`,
    `Set \`fetch-depth: ${depth}\` on actions/checkout` + (depth === "0" ? " (the full history)." : ", or `fetch-depth: 0` for the full history.")
  );
}
function splitLines(output) {
  return output.toString("utf8").split("\n").filter((line) => line !== "");
}

// src/action/scan-target.ts
import path13 from "node:path";

// src/engine/engine.ts
import { isAscii } from "node:buffer";

// src/suppress/inline.ts
var ALLOW_MARKER = "keyfence:allow";
var OPENER_BEFORE_MARKER_RE = /(?:#|\/\/|\/\*|<!--|--|;)[#/*!;-]*[ \t]*$/;
var OPENER_WINDOW = 256;
var CLOSER_RE = /\*\/|-->/;
var RULE_ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
var REASON_SEPARATOR = "--";
function parseAllowDirective(lineText) {
  const at = lineText.indexOf(ALLOW_MARKER);
  if (at === -1) {
    return void 0;
  }
  const before = lineText.slice(0, at);
  const openerAt = findOpener(before);
  if (openerAt === void 0 || isInsideString(before.slice(0, openerAt))) {
    return void 0;
  }
  const rest = lineText.slice(at + ALLOW_MARKER.length).split(CLOSER_RE)[0] ?? "";
  if (rest !== "" && !/^\s/.test(rest)) {
    return void 0;
  }
  return parseArguments(rest, before.slice(0, openerAt).trim() === "");
}
function findOpener(before) {
  const windowStart = Math.max(0, before.length - OPENER_WINDOW);
  const inWindow = OPENER_BEFORE_MARKER_RE.exec(before.slice(windowStart));
  if (!inWindow) {
    return void 0;
  }
  let runStart = windowStart + inWindow.index;
  while (runStart > 0 && DECORATION.has(before[runStart - 1] ?? "")) {
    runStart -= 1;
  }
  const from = Math.max(0, runStart - 1);
  const leftmost = OPENER_BEFORE_MARKER_RE.exec(before.slice(from));
  return from + (leftmost?.index ?? windowStart + inWindow.index - from);
}
var DECORATION = /* @__PURE__ */ new Set(["#", "/", "*", "!", ";", "-"]);
function parseArguments(rest, isWholeLine) {
  const separator = rest.indexOf(REASON_SEPARATOR);
  const idsText = separator === -1 ? rest : rest.slice(0, separator);
  const reason = separator === -1 ? "" : rest.slice(separator + REASON_SEPARATOR.length).trim();
  const ruleIds = idsText.split(/[\s,]+/).filter((word) => word !== "");
  if (!ruleIds.every((id) => RULE_ID_RE.test(id))) {
    return void 0;
  }
  return { ruleIds, isWholeLine, ...reason === "" ? {} : { reason } };
}
function isInsideString(code) {
  let quote;
  for (let index = 0; index < code.length; index++) {
    const char = code[index];
    if (char === "\\") {
      index += 1;
    } else if (quote === void 0 && (char === '"' || char === "'" || char === "`")) {
      quote = isApostrophe(code, index) ? void 0 : char;
    } else if (char === quote) {
      quote = void 0;
    }
  }
  return quote !== void 0;
}
function isApostrophe(code, index) {
  const letter = new RegExp("\\p{L}", "u");
  return code[index] === "'" && letter.test(code[index - 1] ?? "") && letter.test(code[index + 1] ?? "");
}
function inlineSuppression(lines, line, ruleId) {
  const own = directiveOn(lines, line);
  const above = line > 1 ? directiveOn(lines, line - 1) : void 0;
  const directive = [own, above?.isWholeLine ? above : void 0].find(
    (candidate) => candidate !== void 0 && allowsRule(candidate, ruleId)
  );
  if (!directive) {
    return void 0;
  }
  return {
    kind: "inSource",
    source: "inline",
    ...directive.reason === void 0 ? {} : { justification: directive.reason }
  };
}
function allowsRule(directive, ruleId) {
  return directive.ruleIds.length === 0 || directive.ruleIds.includes(ruleId);
}
var parsedLines = /* @__PURE__ */ new WeakMap();
function directiveOn(lines, line) {
  let parsed = parsedLines.get(lines);
  if (!parsed) {
    parsed = /* @__PURE__ */ new Map();
    parsedLines.set(lines, parsed);
  }
  if (!parsed.has(line)) {
    parsed.set(line, parseAllowDirective(lines.lineText(line)));
  }
  return parsed.get(line);
}

// src/engine/decode.ts
var BINARY_SNIFF_BYTES = 8 * 1024;
var UTF8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });
var UTF16LE = new TextDecoder("utf-16le", { fatal: false, ignoreBOM: false });
var UTF16BE = new TextDecoder("utf-16be", { fatal: false, ignoreBOM: false });
function utf16Order(bytes) {
  if (bytes.length < 2) {
    return void 0;
  }
  const isLittle = bytes[0] === 255 && bytes[1] === 254;
  const isBig = bytes[0] === 254 && bytes[1] === 255;
  const declared = isLittle ? "le" : isBig ? "be" : void 0;
  if (declared === void 0) {
    return void 0;
  }
  const sniffed = bytes.subarray(2, Math.min(bytes.length, BINARY_SNIFF_BYTES));
  return sniffed.length === 0 || sniffed.includes(0) ? declared : void 0;
}
function isBinary(bytes) {
  if (utf16Order(bytes) !== void 0) {
    return false;
  }
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  return bytes.subarray(0, end).includes(0);
}
function decode(bytes) {
  const order = utf16Order(bytes);
  if (order === "le") {
    return { kind: "text", text: UTF16LE.decode(bytes) };
  }
  if (order === "be") {
    return { kind: "text", text: UTF16BE.decode(bytes) };
  }
  if (isBinary(bytes)) {
    return { kind: "binary" };
  }
  return { kind: "text", text: UTF8.decode(bytes) };
}

// src/engine/fingerprint.ts
import { createRequire as createRequire4 } from "node:module";
var loadBuiltin2 = createRequire4(import.meta.url);
function fingerprintOf(ruleId, value) {
  const { createHash } = loadBuiltin2("node:crypto");
  return createHash("sha256").update(ruleId).update("\0").update(value).digest("hex").slice(0, 32);
}

// src/engine/frame.ts
var CONTEXT_LINES = 1;
var FRAME_WIDTH = 120;
var CONTROL_RE4 = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
function createFramer(lines, secrets) {
  const byLine = indexSpansByLine(lines, secrets);
  const masked = /* @__PURE__ */ new Map();
  const lastLine = Math.max(1, lines.text.endsWith("\n") ? lines.lineCount - 1 : lines.lineCount);
  const maskedLine = (line) => {
    let known = masked.get(line);
    if (!known) {
      known = maskLine(lines.lineText(line), lines.lineStart(line), byLine.get(line) ?? []);
      masked.set(line, known);
    }
    return known;
  };
  return (line, column) => {
    const first = Math.max(1, line - CONTEXT_LINES);
    const last = Math.min(lastLine, line + CONTEXT_LINES);
    const frame = [];
    for (let current = first; current <= last; current++) {
      const { text: text2, column: toMasked } = maskedLine(current);
      frame.push({ line: current, text: clip(text2, current === line ? toMasked(column) : 1) });
    }
    return frame;
  };
}
function indexSpansByLine(lines, spans) {
  const byLine = /* @__PURE__ */ new Map();
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  for (const span2 of sorted) {
    const first = lines.locate(span2.start).line;
    const last = lines.locate(Math.max(span2.start, span2.end - 1)).line;
    for (let line = first; line <= last; line++) {
      const bucket = byLine.get(line) ?? [];
      bucket.push(span2);
      byLine.set(line, bucket);
    }
  }
  return byLine;
}
function maskLine(raw, lineStart, inLine) {
  const lineEnd2 = lineStart + raw.length;
  const shifts = [];
  let out = "";
  let cursor = lineStart;
  let shift = 0;
  for (const span2 of inLine) {
    const from = Math.max(span2.start, lineStart);
    const to = Math.min(span2.end, lineEnd2);
    if (from >= cursor) {
      const shown = span2.start >= lineStart ? span2.replacement : "";
      out += raw.slice(cursor - lineStart, from - lineStart) + shown;
      shift += shown.length - (to - from);
      shifts.push({ at: to - lineStart, shift });
    }
    cursor = Math.max(cursor, to);
  }
  out += raw.slice(cursor - lineStart);
  return {
    text: out.replace(CONTROL_RE4, "\uFFFD"),
    column(rawColumn) {
      return rawColumn + shiftBefore(shifts, rawColumn - 1);
    }
  };
}
function shiftBefore(shifts, offset) {
  let low = 0;
  let high = shifts.length;
  while (low < high) {
    const mid = low + high >> 1;
    if ((shifts[mid]?.at ?? 0) <= offset) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return low === 0 ? 0 : shifts[low - 1]?.shift ?? 0;
}
function clip(text2, column) {
  if (text2.length <= FRAME_WIDTH) {
    return text2;
  }
  const start = Math.max(0, Math.min(column - 1 - FRAME_WIDTH / 4, text2.length - FRAME_WIDTH));
  const head = start > 0 ? "\u2026" : "";
  const tail = start + FRAME_WIDTH < text2.length ? "\u2026" : "";
  return head + text2.slice(start, start + FRAME_WIDTH) + tail;
}

// src/engine/location.ts
var LineIndex = class {
  text;
  #starts;
  constructor(text2) {
    this.text = text2;
    const starts = [0];
    let at = text2.indexOf("\n");
    while (at !== -1) {
      starts.push(at + 1);
      at = text2.indexOf("\n", at + 1);
    }
    this.#starts = starts;
  }
  get lineCount() {
    return this.#starts.length;
  }
  /** 1-based line and column of an offset; offsets past the end clamp to the end. */
  locate(offset) {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const mid = low + high + 1 >> 1;
      if ((this.#starts[mid] ?? 0) <= clamped) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return { line: low + 1, column: clamped - (this.#starts[low] ?? 0) + 1 };
  }
  /** Offset of the first character of a 1-based line. */
  lineStart(line) {
    return this.#starts[line - 1] ?? this.text.length;
  }
  /** The text of a 1-based line without its line break. */
  lineText(line) {
    const start = this.lineStart(line);
    const next = this.#starts[line];
    let end = next === void 0 ? this.text.length : next - 1;
    if (end > start && this.text.charCodeAt(end - 1) === 13) {
      end -= 1;
    }
    return this.text.slice(start, end);
  }
};

// src/engine/prefilter.ts
function keywordVariants(keyword) {
  const upper = keyword.toUpperCase();
  const capital = keyword.charAt(0).toUpperCase() + keyword.slice(1);
  return [.../* @__PURE__ */ new Set([keyword, upper, capital])];
}
var REGEX_SPECIAL_RE = /[.*+?^${}()|[\]\\]/g;
var PATTERN_CACHE_LIMIT = 256;
function compileKeywords(keywords) {
  const words = new Set([...keywords].filter((word) => word !== "").map((w) => w.toLowerCase()));
  const cache = /* @__PURE__ */ new Map();
  return {
    words,
    longest: Math.max(0, ...[...words].map((word) => word.length)),
    patternFor(remaining) {
      const key = remaining.join("\0");
      let pattern = cache.get(key);
      if (pattern === void 0) {
        const sorted = [...remaining].sort((a, b) => b.length - a.length);
        const source = sorted.map((word) => word.replace(REGEX_SPECIAL_RE, "\\$&")).join("|");
        pattern = new RegExp(source, "gi");
        if (cache.size < PATTERN_CACHE_LIMIT) {
          cache.set(key, pattern);
        }
      }
      return pattern;
    }
  };
}
function presentWords(text2, vocabulary) {
  const found = /* @__PURE__ */ new Map();
  let remaining = [...vocabulary.words];
  let from = 0;
  while (remaining.length > 0) {
    const pattern = vocabulary.patternFor(remaining);
    pattern.lastIndex = from;
    const match = pattern.exec(text2);
    if (match === null) {
      break;
    }
    const here = match[0].toLowerCase();
    for (const word of remaining) {
      if (here.startsWith(word)) {
        found.set(word, match.index);
      }
    }
    remaining = remaining.filter((word) => !found.has(word));
    from = match.index + 1;
  }
  return found;
}
function indexKeywords(bytes, decodedText, vocabulary, window) {
  const cache = /* @__PURE__ */ new Map();
  let lowered;
  let present;
  const shift = decodedText === void 0 ? window?.start ?? 0 : 0;
  const searchText = (keyword) => {
    lowered ??= decodedText?.()?.toLowerCase() ?? "";
    return lowered.includes(keyword);
  };
  const searchBytes = (keyword) => keywordVariants(keyword).some((variant) => bytes.indexOf(variant, 0, "latin1") !== -1);
  const searchVocabulary = (keyword) => {
    if (vocabulary === void 0 || !vocabulary.words.has(keyword)) {
      return void 0;
    }
    const latin1 = () => window === void 0 ? bytes.toString("latin1") : bytes.toString("latin1", window.start, window.end);
    present ??= presentWords(decodedText?.() ?? latin1(), vocabulary);
    return present.has(keyword);
  };
  return {
    isVocabularyFree: () => present !== void 0 && present.size === 0,
    firstIndex(keyword) {
      const at = present?.get(keyword);
      return at === void 0 ? void 0 : at + shift;
    },
    has(keyword) {
      const known = cache.get(keyword);
      if (known !== void 0) {
        return known;
      }
      const found = searchVocabulary(keyword) ?? (decodedText ? searchText(keyword) : searchBytes(keyword));
      cache.set(keyword, found);
      return found;
    }
  };
}
var COMPARE_STEP = 1024;
function keywordWindow(bytes, base, vocabulary) {
  const limit = Math.min(bytes.length, base.length);
  const prefix = sharedPrefix(bytes, base, limit);
  const suffix = sharedSuffix(bytes, base, limit - prefix);
  const margin = Math.max(vocabulary.longest - 1, 0);
  return {
    start: Math.max(prefix - margin, 0),
    end: Math.min(bytes.length - suffix + margin, bytes.length)
  };
}
function sharedPrefix(a, b, limit) {
  let at = 0;
  while (at + COMPARE_STEP <= limit && a.compare(b, at, at + COMPARE_STEP, at, at + COMPARE_STEP) === 0) {
    at += COMPARE_STEP;
  }
  while (at < limit && a[at] === b[at]) {
    at += 1;
  }
  return at;
}
function sharedSuffix(a, b, limit) {
  let size = 0;
  while (size + COMPARE_STEP <= limit) {
    const [aEnd, bEnd] = [a.length - size, b.length - size];
    if (b.compare(a, aEnd - COMPARE_STEP, aEnd, bEnd - COMPARE_STEP, bEnd) !== 0) {
      break;
    }
    size += COMPARE_STEP;
  }
  while (size < limit && a[a.length - 1 - size] === b[b.length - 1 - size]) {
    size += 1;
  }
  return size;
}

// src/engine/scrub.ts
var PREFIX_LENGTH = 8;
var NOTHING_TO_SCRUB = { scrub: (text2) => text2 };
function createScrubber(secretValues) {
  const byPrefix = /* @__PURE__ */ new Map();
  for (const value of new Set(secretValues)) {
    if (value.length < PREFIX_LENGTH) {
      continue;
    }
    const prefix = value.slice(0, PREFIX_LENGTH);
    const bucket = byPrefix.get(prefix) ?? [];
    bucket.push(value);
    byPrefix.set(prefix, bucket);
  }
  if (byPrefix.size === 0) {
    return NOTHING_TO_SCRUB;
  }
  for (const bucket of byPrefix.values()) {
    bucket.sort((a, b) => b.length - a.length);
  }
  return { scrub: (text2) => scrubText(text2, byPrefix) };
}
function scrubText(text2, byPrefix) {
  let out = "";
  let copied = 0;
  for (let at = 0; at + PREFIX_LENGTH <= text2.length; at++) {
    const bucket = byPrefix.get(text2.slice(at, at + PREFIX_LENGTH));
    const value = bucket?.find((candidate) => text2.startsWith(candidate, at));
    if (value !== void 0) {
      out += text2.slice(copied, at) + redact(value);
      at += value.length - 1;
      copied = at + 1;
    }
  }
  return copied === 0 ? text2 : out + text2.slice(copied);
}

// src/engine/engine.ts
var NO_BYTES = Buffer.alloc(0);
var NO_TEXT = { isText: false, get: () => void 0 };
function decodeText(bytes) {
  const decoded = decode(bytes);
  return decoded.kind === "text" ? decoded.text : void 0;
}
var Engine = class {
  stats = {
    filesScanned: 0,
    bytesScanned: 0,
    skipped: { binary: 0, "too-large": 0, symlink: 0, submodule: 0, unreadable: 0 },
    durationMs: 0
  };
  #options;
  #contentRules;
  #pathRules;
  #repositoryRules;
  #keywords;
  constructor(options) {
    this.#options = options;
    this.#contentRules = options.rules.filter((rule) => rule.kind === "content");
    this.#pathRules = options.rules.filter((rule) => rule.kind === "path");
    this.#repositoryRules = options.rules.filter((rule) => rule.kind === "repository");
    this.#keywords = compileKeywords([
      ...this.#contentRules.flatMap((rule) => [...rule.keywords, ...rule.asks ?? []]),
      ...this.#pathRules.flatMap((rule) => [...rule.keywords ?? [], ...rule.asks ?? []])
    ]);
  }
  /** Counts a file the scanner did not read, so the summary can say why. */
  skip(reason) {
    this.stats.skipped[reason] += 1;
  }
  /** Scans one file with every content and path rule that applies to it. */
  scanFile(input) {
    return this.scanFileAndKeywords(input).findings;
  }
  /** {@link scanFile}, and whether the file is free of keywords. */
  scanFileAndKeywords(input) {
    const bytes = input.bytes ?? NO_BYTES;
    const text2 = this.#readText(input, bytes);
    const { file, keywords } = this.#sourceFile(input, bytes, text2);
    const hits = [];
    const collect = (rule) => (descriptor) => {
      hits.push({ rule, descriptor });
    };
    for (const rule of this.#pathRules) {
      if (rule.appliesTo(input.path) || text2.isText && hasAnyKeyword(rule.keywords, file)) {
        rule.check(file, collect(rule));
      }
    }
    if (text2.isText) {
      for (const rule of this.#contentRules) {
        if (isContentRuleDue(rule, file)) {
          rule.check(file, collect(rule));
        }
      }
    }
    const decoded = hits.length === 0 ? "" : text2.get() ?? "";
    return {
      findings: this.#toFindings(hits, input.path, decoded, input.commit),
      isKeywordFree: text2.isText && keywords.isVocabularyFree()
    };
  }
  /** Runs the repository rules once, after the files of the scan are known. */
  async scanRepository(context) {
    const findings = [];
    const repo = {
      ...context,
      config: this.#options.config,
      mode: this.#options.mode
    };
    for (const rule of this.#repositoryRules) {
      const hits = [];
      await rule.check(repo, (descriptor) => {
        hits.push({ descriptor, path: descriptor.path, text: descriptor.text ?? "" });
      });
      for (const hit of hits) {
        findings.push(
          ...this.#toFindings([{ rule, descriptor: hit.descriptor }], hit.path, hit.text)
        );
      }
    }
    return findings;
  }
  /**
   * Counts the file and returns its text lazily: most files contain no keyword of any rule, and
   * for them the prefilter's byte search is the whole cost, with no UTF-8 decoding at all.
   */
  #readText(input, bytes) {
    if (input.skipped) {
      this.skip(input.skipped);
      return NO_TEXT;
    }
    if (isBinary(bytes)) {
      this.skip("binary");
      return NO_TEXT;
    }
    this.stats.filesScanned += 1;
    this.stats.bytesScanned += bytes.length;
    let text2;
    return {
      isText: true,
      get: () => text2 ??= decodeText(bytes)
    };
  }
  #sourceFile(input, bytes, text2) {
    const memo = /* @__PURE__ */ new Map();
    const decoded = utf16Order(bytes) === void 0 ? void 0 : text2.get;
    const base = input.keywordFreeBase;
    const window = base === void 0 ? void 0 : keywordWindow(bytes, base, this.#keywords);
    const keywords = indexKeywords(
      bytes,
      text2.isText ? decoded : void 0,
      this.#keywords,
      window
    );
    const file = {
      path: input.path,
      get text() {
        return text2.get();
      },
      hasKeyword: (word) => keywords.has(word),
      firstKeywordAt: (words) => firstTextIndex(bytes, decoded !== void 0, keywords, words),
      memo(key, compute) {
        if (!memo.has(key)) {
          memo.set(key, compute());
        }
        return memo.get(key);
      },
      config: this.#options.config,
      mode: this.#options.mode
    };
    return { file, keywords };
  }
  #toFindings(hits, path15, text2, commit) {
    if (hits.length === 0) {
      return [];
    }
    const lines = new LineIndex(text2);
    const secrets = hits.filter((hit) => hit.descriptor.secret !== false).map((hit) => {
      const span2 = spanOf(hit.descriptor, text2);
      const value = hit.descriptor.value ?? text2.slice(span2.start, span2.end);
      return { ...span2, replacement: redact(value) };
    });
    const frameAt = createFramer(lines, this.#options.showSecrets ? [] : secrets);
    const seen = /* @__PURE__ */ new Set();
    const findings = [];
    for (const hit of hits) {
      const finding2 = this.#toFinding(hit, path15, text2, lines, frameAt, commit);
      const key = `${finding2.ruleId}:${finding2.line}:${finding2.column}:${finding2.fingerprint}`;
      if (!seen.has(key)) {
        seen.add(key);
        findings.push(finding2);
      }
    }
    return this.#options.showSecrets ? findings : this.#scrubQuotes(findings, hits, text2);
  }
  /** Masks this file's secrets where a non-secret finding quotes them (see `scrub.ts`). */
  #scrubQuotes(findings, hits, text2) {
    const secretHits = hits.filter((hit) => hit.descriptor.secret !== false);
    if (secretHits.length === 0 || secretHits.length === hits.length) {
      return findings;
    }
    const values = secretHits.map((hit) => {
      const span2 = spanOf(hit.descriptor, text2);
      return hit.descriptor.value ?? text2.slice(span2.start, span2.end);
    });
    const { scrub } = createScrubber(values);
    return findings.map((finding2) => {
      const message = scrub(finding2.message);
      const preview = scrub(finding2.preview);
      return message === finding2.message && preview === finding2.preview ? finding2 : { ...finding2, message, preview };
    });
  }
  #toFinding(hit, path15, text2, lines, frameAt, commit) {
    const { rule, descriptor } = hit;
    const span2 = spanOf(descriptor, text2);
    const value = descriptor.value ?? text2.slice(span2.start, span2.end);
    const isSecret = descriptor.secret !== false;
    const start = lines.locate(span2.start);
    const end = lines.locate(span2.end);
    const severity = this.#options.severityOverrides?.get(rule.id) ?? descriptor.severity ?? rule.severity;
    const suppression = this.#suppressionOf(rule.id, value, lines, start.line);
    return {
      ruleId: rule.id,
      severity,
      message: formatMessage(messageOf(rule, descriptor.messageId), descriptor.data),
      path: path15,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      preview: isSecret && !this.#options.showSecrets ? redact(value) : value,
      fingerprint: fingerprintOf(rule.id, value || path15),
      properties: descriptor.properties ?? {},
      // A report without an offset is about the file, not a place in it: showing its first
      // lines would print the content of a `.env` that no content rule has masked.
      frame: text2 === "" || descriptor.start === void 0 ? [] : frameAt(start.line, start.column),
      ...commit ? { commit } : {},
      ...suppression ? { suppression } : {}
    };
  }
  /** Inline comments first, then `allow.values`: both need text the finding no longer holds. */
  #suppressionOf(ruleId, value, lines, line) {
    const isInlineOn = this.#options.inlineSuppressions !== false;
    const inline = isInlineOn ? inlineSuppression(lines, line, ruleId) : void 0;
    return inline ?? valueSuppression(value, this.#options.allowedValues ?? []);
  }
};
function firstTextIndex(bytes, isDecodedIndex, keywords, words) {
  let first;
  for (const word of words) {
    if (keywords.has(word)) {
      const at = keywords.firstIndex(word) ?? 0;
      first = first === void 0 ? at : Math.min(first, at);
    }
  }
  if (first === void 0 || isDecodedIndex || isAscii(bytes)) {
    return first ?? 0;
  }
  return Math.max(0, Math.floor((first - 3) / 3));
}
function hasAnyKeyword(keywords, file) {
  return keywords?.some((word) => file.hasKeyword(word)) ?? false;
}
function isContentRuleDue(rule, file) {
  if (rule.appliesTo && !rule.appliesTo(file.path)) {
    return false;
  }
  return rule.keywords.length === 0 || rule.keywords.some((word) => file.hasKeyword(word));
}
function spanOf(descriptor, text2) {
  const start = Math.max(0, Math.min(descriptor.start ?? 0, text2.length));
  const length = descriptor.value?.length ?? 0;
  const end = Math.max(start, Math.min(descriptor.end ?? start + length, text2.length));
  return { start, end };
}

// src/history.ts
init_results();

// src/scan.ts
var import_ignore3 = __toESM(require_ignore(), 1);
import path9 from "node:path";
init_results();

// src/scanners/find-work-tree.ts
import { existsSync as existsSync2, readFileSync as readFileSync4, statSync as statSync2 } from "node:fs";
import path6 from "node:path";
var RELOCATING_VARIABLES = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_COMMON_DIR",
  "GIT_CEILING_DIRECTORIES"
];
var CORE_WORKTREE_RE = /^\s*worktree\s*=/im;
function findWorkTreeFast(cwd, env) {
  if (RELOCATING_VARIABLES.some((name) => env[name] !== void 0)) {
    return void 0;
  }
  for (let dir = cwd; ; dir = path6.dirname(dir)) {
    const gitDir = path6.join(dir, ".git");
    const kind = kindOf3(gitDir);
    if (kind === "directory") {
      const isShallow = existsSync2(path6.join(gitDir, "shallow"));
      return isPlainLayout(gitDir) ? { root: dir, gitDir, isShallow } : void 0;
    }
    if (kind === "other" || path6.dirname(dir) === dir) {
      return void 0;
    }
  }
}
function kindOf3(file) {
  try {
    return statSync2(file).isDirectory() ? "directory" : "other";
  } catch {
    return "missing";
  }
}
function isPlainLayout(gitDir) {
  try {
    const config = readFileSync4(path6.join(gitDir, "config"), "utf8");
    return existsSync2(path6.join(gitDir, "HEAD")) && !CORE_WORKTREE_RE.test(config);
  } catch {
    return false;
  }
}

// src/scanners/cat-file.ts
import { spawn as spawn2 } from "node:child_process";
async function readObjects(cwd, names, maxSize, onObject, reader) {
  if (names.length === 0) {
    reader?.child.stdin.end();
    return;
  }
  const stream = openObjectStream(cwd, maxSize, onObject, reader);
  stream.requestAll(names);
  await stream.end();
}
function openObjectStream(cwd, maxSize, onObject, reader) {
  const child = reader && reader.child.exitCode === null ? reader.use() : spawnCatFile(cwd);
  const parser = new BatchParser(maxSize, onObject);
  const stderr = [];
  const done = new Promise((resolve2, reject) => {
    child.on("error", (cause) => reject(spawnError(cause)));
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    child.stdout.on("data", (chunk) => {
      try {
        parser.push(chunk);
      } catch (cause) {
        child.kill();
        reject(cause instanceof Error ? cause : new Error(String(cause)));
      }
    });
    child.on("close", (code) => {
      if (code !== 0 || !parser.isComplete()) {
        reject(incompleteError(Buffer.concat(stderr).toString("utf8")));
        return;
      }
      resolve2();
    });
  });
  done.catch(() => void 0);
  child.stdin.on("error", () => {
  });
  return {
    request(name) {
      parser.expect(name);
      return child.stdin.write(`${name}
`);
    },
    requestAll(names) {
      names.forEach((name) => parser.expect(name));
      return child.stdin.write(names.map((name) => `${name}
`).join(""));
    },
    onceWritable(resume) {
      if (child.stdin.writableNeedDrain) {
        child.stdin.once("drain", resume);
      } else {
        resume();
      }
    },
    pause: () => child.stdout.pause(),
    resume: () => child.stdout.resume(),
    async end() {
      child.stdin.end();
      await done;
    }
  };
}
function startObjectReader(cwd) {
  const child = spawnCatFile(cwd);
  child.on("error", () => void 0);
  const handles = [child, ...[child.stdin, child.stdout, child.stderr]];
  for (const handle of handles) {
    handle.unref();
  }
  return {
    child,
    use() {
      for (const handle of handles) {
        handle.ref();
      }
      return child;
    }
  };
}
function spawnCatFile(cwd) {
  return spawn2("git", ["cat-file", "--batch", "--buffer"], {
    cwd,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" }
  });
}
function incompleteError(stderr) {
  const message = stderr.trim().split("\n")[0] ?? "";
  return new KeyfenceError(
    "git",
    `git cat-file stopped before every object was read${message ? `: ${message}` : ""}`,
    "The repository may be corrupt; `git fsck` tells which objects are damaged."
  );
}
var NAME_QUEUE_COMPACT_AT = 4096;
var BatchParser = class {
  /** Requested names not answered yet; `#head` is the next one git will answer. */
  #names = [];
  #head = 0;
  #pending = Buffer.alloc(0);
  #body;
  maxSize;
  onObject;
  constructor(maxSize, onObject) {
    this.maxSize = maxSize;
    this.onObject = onObject;
  }
  /** Records a name git was asked for, so its answer can be matched to it. */
  expect(name) {
    this.#names.push(name);
  }
  isComplete() {
    return this.#head === this.#names.length && this.#body === void 0;
  }
  /** Takes the name of the object git is answering now; answered names are dropped in batches. */
  #nextName(fallback) {
    const name = this.#names[this.#head] ?? fallback;
    this.#head += 1;
    if (this.#head >= NAME_QUEUE_COMPACT_AT) {
      this.#names = this.#names.slice(this.#head);
      this.#head = 0;
    }
    return name;
  }
  push(chunk) {
    let data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    this.#pending = Buffer.alloc(0);
    while (data.length > 0) {
      data = this.#body ? this.#consumeBody(data) : this.#consumeHeader(data);
      if (data.length === 0 || this.#body === void 0 && data.indexOf(10) === -1) {
        this.#pending = Buffer.from(data);
        return;
      }
    }
  }
  #consumeHeader(data) {
    const newline = data.indexOf(10);
    if (newline === -1) {
      return data;
    }
    const header = data.subarray(0, newline).toString("utf8");
    const rest = data.subarray(newline + 1);
    if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
      const name = this.#nextName(header);
      this.onObject({ kind: "missing", name });
      return rest;
    }
    const size = Number(header.slice(header.lastIndexOf(" ") + 1));
    if (!Number.isSafeInteger(size)) {
      throw new KeyfenceError("git", "git cat-file printed a header keyfence cannot read");
    }
    this.#body = { size, parts: size > this.maxSize ? void 0 : [], got: 0 };
    return rest;
  }
  #consumeBody(data) {
    const body = this.#body;
    if (!body) {
      return data;
    }
    const wanted = body.size + 1 - body.got;
    const take = Math.min(wanted, data.length);
    body.parts?.push(data.subarray(0, take));
    body.got += take;
    if (body.got === body.size + 1) {
      const name = this.#nextName("");
      this.#body = void 0;
      if (body.parts) {
        const [only] = body.parts;
        const whole = body.parts.length === 1 && only ? only : Buffer.concat(body.parts);
        this.onObject({ kind: "blob", name, bytes: whole.subarray(0, body.size) });
      } else {
        this.onObject({ kind: "too-large", name, size: body.size });
      }
    }
    return data.subarray(take);
  }
};

// src/scanners/staged.ts
var debug3 = debugFor("staged");
var MODE_SYMLINK = "120000";
var MODE_SUBMODULE = "160000";
async function listStaged(options) {
  const { repository } = options;
  const root = repository.root;
  const listed = await options.prefetched?.entries ?? await diffCached(root);
  const entries = listed.filter((entry) => !options.isExcluded(entry.path));
  debug3(`${entries.length} staged paths`);
  return {
    root,
    gitDir: repository.gitDir,
    paths: entries.map((entry) => entry.path),
    allPaths: async () => splitNul(await git(["ls-files", "-z", "--full-name"], root)),
    read: (onFile) => readStaged(root, entries, options.maxFileSize, onFile, options.prefetched?.reader),
    readText: (path15) => readIndexText(root, path15)
  };
}
function prefetchStaged(cwd) {
  const entries = runGit([...DIFF_CACHED_ARGS, "--no-relative"], cwd).then(
    (result) => result.code === 0 ? parseRawDiff(result.stdout) : void 0,
    () => void 0
  );
  return { entries, reader: startObjectReader(cwd) };
}
var DIFF_CACHED_ARGS = [
  "diff",
  "--cached",
  "--raw",
  "-z",
  "--no-renames",
  "--no-abbrev",
  "--diff-filter=ACMT",
  "--no-ext-diff"
];
async function diffCached(root) {
  return parseRawDiff(await git(DIFF_CACHED_ARGS, root));
}
function parseRawDiff(output) {
  const fields = splitNul(output);
  const entries = [];
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const [, mode = "", , sha = ""] = (fields[index] ?? "").slice(1).split(" ");
    entries.push({ path: fields[index + 1] ?? "", mode, sha });
  }
  return entries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
async function readStaged(root, entries, maxFileSize, onFile, reader) {
  const blobs = [];
  for (const entry of entries) {
    if (entry.mode === MODE_SUBMODULE) {
      info(`skipped submodule ${entry.path}: its own repository is scanned on its own`);
      onFile({ path: entry.path, skipped: "submodule" });
    } else if (entry.mode === MODE_SYMLINK) {
      onFile({ path: entry.path, skipped: "symlink" });
    } else {
      blobs.push(entry);
    }
  }
  let next = 0;
  await readObjects(
    root,
    blobs.map((entry) => entry.sha),
    maxFileSize,
    (object) => {
      const path15 = blobs[next]?.path ?? object.name;
      next += 1;
      if (object.kind === "missing") {
        throw new KeyfenceError(
          "git",
          `the staged content of ${path15} (${object.name}) cannot be read from the repository`,
          "The repository may be corrupt: run `git fsck`, then stage the file again."
        );
      }
      if (object.kind === "blob") {
        onFile({ path: path15, bytes: object.bytes });
      } else {
        onFile({ path: path15, skipped: "too-large" });
      }
    },
    reader
  );
}
async function readIndexText(root, path15) {
  const result = await runGit(["cat-file", "blob", `:${path15}`], root);
  return result.code === 0 ? result.stdout.toString("utf8") : void 0;
}

// src/scanners/tree.ts
import { lstatSync as lstatSync2, readFileSync as readFileSync6, statSync as statSync3 } from "node:fs";
import path8 from "node:path";

// src/scanners/plain-files.ts
import { lstatSync, readdirSync, readFileSync as readFileSync5 } from "node:fs";
import path7 from "node:path";
var debug4 = debugFor("plain-files");
async function listPlainFiles(root, targets) {
  const { default: ignore4 } = await Promise.resolve().then(() => __toESM(require_ignore(), 1));
  const files = walk2(root);
  const matchers2 = /* @__PURE__ */ new Map();
  for (const entry of files.filter((file) => path7.posix.basename(file) === ".gitignore")) {
    const folder = path7.posix.dirname(entry);
    const rules = readIgnoreFile(path7.join(root, entry));
    matchers2.set(folder === "." ? "" : folder, ignore4().add(rules));
  }
  const kept = files.filter(
    (entry) => isUnderTargets(entry, targets) && !isIgnored(entry, matchers2)
  );
  debug4(`${kept.length} of ${files.length} files kept, ${matchers2.size} .gitignore files`);
  return kept;
}
function walk2(root) {
  const files = [];
  const pending = [""];
  for (let folder = pending.pop(); folder !== void 0; folder = pending.pop()) {
    let entries;
    try {
      entries = readdirSync(path7.join(root, folder), { withFileTypes: true });
    } catch (cause) {
      throw unreadableFolder(cause);
    }
    for (const entry of entries) {
      const relative = folder === "" ? entry.name : `${folder}/${entry.name}`;
      if (entry.name === ".git") {
        continue;
      }
      if (entry.isDirectory()) {
        pending.push(relative);
      } else {
        files.push(relative);
      }
    }
  }
  return files;
}
function readIgnoreFile(absolute) {
  try {
    return lstatSync(absolute).isFile() ? readFileSync5(absolute, "utf8") : "";
  } catch {
    return "";
  }
}
function unreadableFolder(cause) {
  const error2 = cause;
  if (error2.code !== "EACCES" && error2.code !== "EPERM") {
    return cause;
  }
  return new KeyfenceError(
    "input",
    `cannot read the folder ${error2.path ?? ""}: permission denied`,
    "Scan as a user who can read every folder, or name readable paths only."
  );
}
function isUnderTargets(entry, targets) {
  return targets.some(
    (target) => target === "" || entry === target || entry.startsWith(`${target}/`)
  );
}
function isIgnored(entry, matchers2) {
  const nearestFirst = [...matchers2.keys()].sort((a, b) => b.length - a.length);
  for (const folder of nearestFirst) {
    if (folder !== "" && !entry.startsWith(`${folder}/`)) {
      continue;
    }
    const relative = folder === "" ? entry : entry.slice(folder.length + 1);
    const verdict = matchers2.get(folder)?.test(relative);
    if (verdict?.ignored) {
      return true;
    }
    if (verdict?.unignored) {
      return false;
    }
  }
  return false;
}

// src/scanners/tree.ts
var debug5 = debugFor("tree");
async function locateTree(cwd, targets) {
  const absolute = resolveTargets(cwd, targets);
  const first = absolute[0] ?? cwd;
  const probe = statSync3(first).isDirectory() ? first : path8.dirname(first);
  const repository = await findRepository(probe);
  const root = repository?.root ?? probe;
  const relative = absolute.map((target) => toPosix(path8.relative(root, target)));
  if (relative.some((entry) => entry.startsWith("../") || entry === ".." || path8.isAbsolute(entry))) {
    throw usageError(
      "all paths of one scan must lie in the same repository",
      "Run keyfence once per repository."
    );
  }
  return { root, repository, targets: relative };
}
async function listTree(options) {
  const { root, repository, targets } = options.location;
  const rawNames = /* @__PURE__ */ new Map();
  const listed = repository ? await listGitFiles(root, targets, rawNames) : await listPlainFiles(root, targets);
  const paths = listed.filter((entry) => !options.isExcluded(entry)).sort();
  const fsPath = (entry) => {
    const raw = rawNames.get(entry);
    return raw ? Buffer.concat([Buffer.from(`${root}${path8.sep}`), raw]) : path8.join(root, entry);
  };
  debug5(`${paths.length} files listed under ${root} (${listed.length - paths.length} excluded)`);
  return {
    root,
    gitDir: repository?.gitDir,
    paths,
    allPaths: () => Promise.resolve(paths),
    read: async (onFile) => {
      for (const entry of paths) {
        const file = readWorkTreeFile(fsPath(entry), entry, options.maxFileSize);
        if (file) {
          onFile(file);
        }
      }
    },
    readText: (entry) => readOptionalText(fsPath(entry))
  };
}
function resolveTargets(cwd, given) {
  const targets = given.length > 0 ? given : ["."];
  return targets.map((target) => {
    const absolute = path8.resolve(cwd, target);
    try {
      statSync3(absolute);
    } catch {
      throw usageError(`no such file or directory: ${target}`, "Check the path and try again.");
    }
    return absolute;
  });
}
async function listGitFiles(root, pathspecs, rawNames) {
  const specs = pathspecs.filter((spec) => spec !== "");
  const args = ["--literal-pathspecs", "ls-files", "-z", "--cached", "--others"];
  args.push("--exclude-standard", "--deduplicate", "--full-name", "--", ...specs);
  return splitNulBytes(await git(args, root)).map((raw) => {
    const entry = raw.toString("utf8");
    if (!Buffer.from(entry, "utf8").equals(raw)) {
      rawNames.set(entry, raw);
    }
    return entry;
  });
}
function readWorkTreeFile(absolute, entry, maxFileSize) {
  let stats;
  try {
    stats = lstatSync2(absolute);
  } catch (cause) {
    const code = cause.code ?? "error";
    if (code === "ENOENT") {
      return missingFile(entry);
    }
    warn(`could not read ${entry}: ${code}`);
    return { path: entry, skipped: "unreadable" };
  }
  if (stats.isSymbolicLink()) {
    return { path: entry, skipped: "symlink" };
  }
  if (stats.isDirectory()) {
    info(`skipped submodule ${entry}: scan it on its own with \`keyfence scan ${entry}\``);
    return { path: entry, skipped: "submodule" };
  }
  if (!stats.isFile()) {
    info(`skipped ${entry}: not a regular file`);
    return { path: entry, skipped: "unreadable" };
  }
  if (stats.size > maxFileSize) {
    return { path: entry, skipped: "too-large" };
  }
  try {
    return { path: entry, bytes: readFileSync6(absolute) };
  } catch (cause) {
    warn(`could not read ${entry}: ${cause.code ?? "error"}`);
    return { path: entry, skipped: "unreadable" };
  }
}
function missingFile(entry) {
  if (!entry.includes("\uFFFD")) {
    return void 0;
  }
  warn(`could not read ${entry}: its name is not valid UTF-8`);
  return { path: entry, skipped: "unreadable" };
}
async function readOptionalText(absolute) {
  try {
    return readFileSync6(absolute, "utf8");
  } catch (cause) {
    if (cause.code === "ENOENT") {
      return void 0;
    }
    const reason = cause.message;
    throw new KeyfenceError("input", `could not read ${String(absolute)}: ${reason}`);
  }
}
function toPosix(entry) {
  return entry.split(path8.sep).join("/");
}

// src/suppress/baseline.ts
import { createRequire as createRequire5 } from "node:module";
import { lstatSync as lstatSync3, readFileSync as readFileSync7, statSync as statSync4, writeFileSync as writeFileSync2 } from "node:fs";
var BASELINE_FILE = ".keyfence-baseline.json";
var BASELINE_VERSION = 1;
var HEX_RE2 = /^[0-9a-f]+$/;
var HASH_LENGTH = 32;
function applyBaseline(findings, baseline) {
  const entries = new Map(baseline.entries.map((entry) => [keyOf2(entry), entry]));
  const matched = /* @__PURE__ */ new Set();
  const marked = findings.map((finding2) => {
    const key = keyOf2({ ...finding2, fingerprint: hashOf(baseline.salt, finding2) });
    const entry = entries.get(key);
    if (!entry) {
      return finding2;
    }
    matched.add(key);
    if (finding2.suppression !== void 0) {
      return finding2;
    }
    const justification = entry.reason === void 0 ? {} : { justification: entry.reason };
    return { ...finding2, suppression: { kind: "external", source: "baseline", ...justification } };
  });
  const unused = baseline.entries.filter((entry) => !matched.has(keyOf2(entry)));
  return { findings: marked, unused };
}
function withoutEntries(baseline, drop) {
  const dropped = new Set(drop.map(keyOf2));
  return { ...baseline, entries: baseline.entries.filter((entry) => !dropped.has(keyOf2(entry))) };
}
function serializeBaseline(baseline) {
  const entries = baseline.entries.map((entry) => ({
    ruleId: entry.ruleId,
    path: entry.path,
    fingerprint: entry.fingerprint,
    ...entry.reason === void 0 ? {} : { reason: entry.reason }
  }));
  const document = { version: BASELINE_VERSION, salt: baseline.salt, entries };
  return `${JSON.stringify(document, null, 2)}
`;
}
function readBaseline(file) {
  let text2;
  try {
    if (!statSync4(file).isFile()) {
      throw invalid(file, "it is not a regular file");
    }
    text2 = readFileSync7(file, "utf8");
  } catch (cause) {
    if (cause instanceof KeyfenceError) {
      throw cause;
    }
    const code = cause.code ?? "error";
    throw new KeyfenceError(
      "input",
      `the baseline ${file} could not be read (${code})`,
      "Create it with `keyfence baseline`, or check the path given to --baseline."
    );
  }
  return parseBaseline(text2, file);
}
function parseBaseline(text2, file) {
  let document;
  try {
    document = JSON.parse(text2);
  } catch {
    throw invalid(file, "it is not valid JSON");
  }
  const { version, salt, entries } = document ?? {};
  if (version !== BASELINE_VERSION) {
    throw invalid(file, `"version" must be ${BASELINE_VERSION}`);
  }
  if (typeof salt !== "string" || !HEX_RE2.test(salt)) {
    throw invalid(file, '"salt" must be a hex string');
  }
  if (!Array.isArray(entries)) {
    throw invalid(file, '"entries" must be a list');
  }
  return { salt, entries: sortEntries(entries.map((entry, index) => toEntry(entry, index, file))) };
}
function writeBaseline(file, baseline) {
  if (isSymbolicLink(file)) {
    throw new KeyfenceError(
      "input",
      `the baseline ${file} is a symbolic link, and keyfence does not write through links`,
      "Remove the link, or pass --baseline with the path of a regular file."
    );
  }
  try {
    writeFileSync2(file, serializeBaseline(baseline));
  } catch (cause) {
    const code = cause.code ?? "error";
    throw new KeyfenceError(
      "input",
      `could not write the baseline to ${file} (${code})`,
      "Check that the folder exists and is writable."
    );
  }
}
function toEntry(value, index, file) {
  const { ruleId, path: path15, fingerprint, reason } = value ?? {};
  const isValid = typeof ruleId === "string" && typeof path15 === "string" && typeof fingerprint === "string" && HEX_RE2.test(fingerprint) && (reason === void 0 || typeof reason === "string");
  if (!isValid) {
    throw invalid(
      file,
      `entry ${index} needs "ruleId", "path", a hex "fingerprint", and a text "reason" if any`
    );
  }
  return reason === void 0 ? { ruleId, path: path15, fingerprint } : { ruleId, path: path15, fingerprint, reason };
}
function isSymbolicLink(file) {
  try {
    return lstatSync3(file).isSymbolicLink();
  } catch {
    return false;
  }
}
function invalid(file, why) {
  return new KeyfenceError(
    "input",
    `${file} is not a keyfence baseline: ${why}`,
    "Fix it by hand, or write a new one with `keyfence baseline`."
  );
}
function hashOf(salt, finding2) {
  return crypto().createHash("sha256").update(salt).update("\0").update(finding2.fingerprint).digest("hex").slice(0, HASH_LENGTH);
}
function keyOf2(entry) {
  return `${entry.ruleId}\0${entry.path}\0${entry.fingerprint}`;
}
function sortEntries(entries) {
  const compare = (a, b) => a < b ? -1 : a > b ? 1 : 0;
  return entries.sort(
    (a, b) => compare(a.path, b.path) || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint)
  );
}
var loadBuiltin3 = createRequire5(import.meta.url);
function crypto() {
  return loadBuiltin3("node:crypto");
}

// src/suppress/engine-options.ts
function suppressionOptions(allowedValues, noSuppressions) {
  return noSuppressions ? { inlineSuppressions: false, allowedValues: [] } : { inlineSuppressions: true, allowedValues };
}

// src/scan.ts
var debug6 = debugFor("scan");
async function runScan(request) {
  const started = now();
  const located = await locate(request);
  const config = await loadConfig({
    root: located.root,
    file: request.configFile,
    disabled: request.noConfig === true,
    knownRuleIds: new Set(request.rules.map((rule) => rule.id)),
    ...request.configTrust ? { trust: request.configTrust } : {}
  });
  const isExcluded = pathExclusion(config, baselinePaths(request, config, located.root));
  const fileSet = await located.list(config.maxFileSize, isExcluded);
  const engine = createEngine(request, config);
  const findings = [];
  await fileSet.read((file) => {
    for (const finding2 of engine.scanFile(file)) {
      findings.push(finding2);
    }
  });
  for (const finding2 of await runRepositoryRules(engine, fileSet, request, config)) {
    findings.push(finding2);
  }
  engine.stats.durationMs = now() - started;
  debug6(`${engine.stats.filesScanned} files, ${findings.length} findings`);
  return { findings: sortFindings(findings), stats: engine.stats, root: located.root, config };
}
async function locate(request) {
  if (request.mode === "staged") {
    const prefetched = prefetchStaged(request.cwd);
    const repository = findWorkTreeFast(request.cwd, process.env) ?? await requireRepository(request.cwd, "staged");
    return {
      root: repository.root,
      list: (maxFileSize, isExcluded) => listStaged({ repository, maxFileSize, isExcluded, prefetched })
    };
  }
  const location = await locateTree(request.cwd, request.targets);
  return {
    root: location.root,
    list: (maxFileSize, isExcluded) => listTree({ location, maxFileSize, isExcluded })
  };
}
function createEngine(request, config) {
  const overrides = /* @__PURE__ */ new Map();
  for (const [id, level] of config.rules) {
    if (level !== "off") {
      overrides.set(id, level);
    }
  }
  return new Engine({
    rules: request.rules.filter((rule) => config.rules.get(rule.id) !== "off"),
    mode: request.mode,
    config: config.raw,
    severityOverrides: overrides,
    showSecrets: request.showSecrets === true,
    ...suppressionOptions(config.allowedValues, request.noSuppressions === true)
  });
}
function pathExclusion(config, exact = [BASELINE_FILE]) {
  const paths = new Set(exact);
  if (config.allowedPaths.length === 0) {
    return (path15) => paths.has(path15);
  }
  const matcher = (0, import_ignore3.default)().add(config.allowedPaths.map((entry) => entry.pattern));
  return (path15) => paths.has(path15) || matcher.ignores(path15);
}
function baselinePaths(request, config, root) {
  const files = [request.baselineFile, config.baseline, path9.join(root, BASELINE_FILE)];
  return files.flatMap((file) => {
    const relative = file === void 0 ? ".." : path9.relative(root, file);
    const isInside = relative !== "" && !relative.startsWith("..") && !path9.isAbsolute(relative);
    return isInside ? [relative.split(path9.sep).join("/")] : [];
  });
}
async function runRepositoryRules(engine, fileSet, request, config) {
  const scope = { mode: request.mode, changedPaths: fileSet.paths, config: config.raw };
  const isDue2 = (rule) => rule.kind === "repository" && config.rules.get(rule.id) !== "off" && (rule.isDue?.(scope) ?? true);
  if (!request.rules.some(isDue2)) {
    return [];
  }
  const paths = await fileSet.allPaths();
  return engine.scanRepository({
    root: fileSet.root,
    gitDir: fileSet.gitDir,
    paths,
    changedPaths: fileSet.paths,
    readText: (path15) => fileSet.readText(path15)
  });
}

// src/scanners/history-walk.ts
import { spawn as spawn3 } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
var debug7 = debugFor("history");
var NO_OBJECT = "0".repeat(40);
var HEADER_FIELDS = 4;
var LOG_FORMAT = "--format=%x00C %H %P%x00%an%x00%ae%x00%aI%x00%s";
var LOG_ARGS = [
  "log",
  "--raw",
  "-c",
  "--root",
  "--no-renames",
  "--no-abbrev",
  "--no-color",
  "--no-show-signature",
  "--no-ext-diff",
  "--no-relative",
  "-z",
  LOG_FORMAT
];
function walkCommits(cwd, revisions, order, onCommit) {
  const ordering = order === "topo-reverse" ? ["--topo-order", "--reverse"] : [];
  const args = [...LOG_ARGS, ...ordering, ...revisions, "--"];
  const child = spawn3("git", args, {
    cwd,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", GIT_PAGER: "cat", LC_ALL: "C" }
  });
  const parser = new RawLogParser(onCommit);
  const decoder = new StringDecoder("utf8");
  const stderr = [];
  const started = performance.now();
  const done = new Promise((resolve2, reject) => {
    child.on("error", (cause) => reject(spawnError(cause)));
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    child.stdout.on("data", (chunk) => {
      try {
        parser.push(decoder.write(chunk));
      } catch (cause) {
        child.kill();
        reject(cause instanceof Error ? cause : new Error(String(cause)));
      }
    });
    child.on("close", (code) => {
      if (code !== 0) {
        const message = firstLine(Buffer.concat(stderr).toString("utf8").trim());
        reject(new KeyfenceError("git", `git log failed: ${message || `exit code ${code}`}`));
        return;
      }
      parser.push(decoder.end());
      parser.finish();
      debug7(`walk (${order}) listed ${parser.commits} commits in ${ms2(started)} ms`);
      resolve2();
    });
  });
  done.catch(() => void 0);
  return {
    pause: () => child.stdout.pause(),
    resume: () => child.stdout.resume(),
    done
  };
}
var RawLogParser = class {
  commits = 0;
  #rest = "";
  #fieldsLeft = 0;
  #fields = [];
  #head = [];
  #status;
  #entries = [];
  #onCommit;
  constructor(onCommit) {
    this.#onCommit = onCommit;
  }
  push(text2) {
    const tokens = (this.#rest + text2).split("\0");
    this.#rest = tokens.pop() ?? "";
    for (const token of tokens) {
      this.#take(token);
    }
  }
  finish() {
    if (this.#rest !== "") {
      this.#take(this.#rest);
      this.#rest = "";
    }
    this.#flush();
  }
  #take(token) {
    if (this.#fieldsLeft > 0) {
      this.#fields.push(token);
      this.#fieldsLeft -= 1;
      return;
    }
    if (this.#status !== void 0) {
      this.#entries.push(parseRaw(this.#status, token));
      this.#status = void 0;
      return;
    }
    const trimmed = token.replace(LEADING_NEWLINES_RE, "");
    if (trimmed.startsWith("C ")) {
      this.#flush();
      this.#head = trimmed.slice(2).split(" ");
      this.#fieldsLeft = HEADER_FIELDS;
    } else if (trimmed.startsWith(":")) {
      this.#status = trimmed;
    } else if (trimmed !== "") {
      throw new KeyfenceError("git", "git log printed a listing keyfence cannot read");
    }
  }
  #flush() {
    const sha = this.#head[0];
    if (sha === void 0) {
      return;
    }
    const [author = "", email = "", date = "", subject = ""] = this.#fields;
    const info2 = { sha, author, email, date, subject: subject.replace(TRAILING_NEWLINES_RE, "") };
    const entries = this.#entries;
    this.#head = [];
    this.#fields = [];
    this.#entries = [];
    this.commits += 1;
    this.#onCommit({ info: info2, entries });
  }
};
var LEADING_NEWLINES_RE = /^\n+/;
var TRAILING_NEWLINES_RE = /\n+$/;
function parseRaw(status, path15) {
  const parents = status.length - status.replace(/^:+/, "").length;
  const fields = status.slice(parents).split(" ");
  const shas = fields.slice(parents + 1, 2 * parents + 2);
  return {
    path: path15,
    oldBlobs: shas.slice(0, parents),
    oldModes: fields.slice(0, parents),
    newBlob: shas[parents] ?? NO_OBJECT,
    newMode: fields[parents] ?? "000000"
  };
}
function ms2(since) {
  return (performance.now() - since).toFixed(0);
}

// src/scanners/history-attribute.ts
function secretKey(finding2) {
  return `${finding2.ruleId}\0${finding2.fingerprint}`;
}
async function attributeFindings(options) {
  const locations = /* @__PURE__ */ new Map();
  const spread = /* @__PURE__ */ new Map();
  let sequence = 0;
  const walk3 = walkCommits(options.cwd, options.revisions, "topo-reverse", (commit) => {
    sequence += 1;
    attributeCommit(commit, sequence, options, locations, spread);
  });
  await walk3.done;
  return [...locations.values()].map((location) => {
    const key = secretKey(location.finding);
    const counts = spread.get(key);
    return {
      ...location.finding,
      path: location.path,
      properties: {
        ...location.finding.properties,
        commitCount: counts?.commits ?? 1,
        pathCount: counts?.paths.size ?? 1
      },
      commit: { ...location.commit, subject: options.maskText(location.commit.subject) }
    };
  });
}
function attributeCommit(commit, sequence, options, locations, spread) {
  const hot = commit.entries.filter(
    (entry) => options.blobs.has(entry.newBlob) && !options.isExcluded(entry.path)
  );
  if (hot.length === 0) {
    return;
  }
  const moved = deletedSecrets(commit.entries, options);
  for (const entry of hot) {
    const signature = options.signatureOf(entry.path);
    const findings = options.blobs.get(entry.newBlob)?.bySignature.get(signature);
    const before = parentSecrets(entry, options);
    for (const finding2 of findings ?? []) {
      const key = secretKey(finding2);
      count(spread, key, sequence, entry.path);
      if (before.has(key) || moved.has(key)) {
        continue;
      }
      const place = `${key}\0${entry.path}`;
      if (!locations.has(place)) {
        locations.set(place, { finding: finding2, path: entry.path, commit: commit.info });
      }
    }
  }
}
function deletedSecrets(entries, options) {
  const keys = /* @__PURE__ */ new Set();
  for (const entry of entries) {
    if (entry.newBlob === NO_OBJECT) {
      addKeys(keys, entry, options);
    }
  }
  return keys;
}
function parentSecrets(entry, options) {
  const keys = /* @__PURE__ */ new Set();
  addKeys(keys, entry, options);
  return keys;
}
function addKeys(keys, entry, options) {
  const signature = options.signatureOf(entry.path);
  for (const sha of entry.oldBlobs) {
    for (const finding2 of options.blobs.get(sha)?.bySignature.get(signature) ?? []) {
      keys.add(secretKey(finding2));
    }
  }
}
function count(spread, key, sequence, path15) {
  let entry = spread.get(key);
  if (!entry) {
    entry = { commits: 0, lastCommit: 0, paths: /* @__PURE__ */ new Set() };
    spread.set(key, entry);
  }
  if (entry.lastCommit !== sequence) {
    entry.commits += 1;
    entry.lastCommit = sequence;
  }
  entry.paths.add(path15);
}

// src/scanners/history-pool.ts
import { Worker } from "node:worker_threads";
var debug8 = debugFor("history");
var POOL_AFTER_BYTES = 8 * 1024 * 1024;
var BUSY_SHARE_FOR_WORKERS = 0.5;
var WORKER_QUEUE_BYTES = 1024 * 1024;
function inlineScanner(scanBlob) {
  return {
    scan: (input, onResult) => onResult(scanBlob(input)),
    finish: async () => void 0
  };
}
function poolScanner(engine, scanBlob, setup, size, startAfterBytes = POOL_AFTER_BYTES) {
  return new PoolScanner(engine, scanBlob, { setup, size, startAfterBytes });
}
var PoolScanner = class {
  #engine;
  #inline;
  #plan;
  #jobs = /* @__PURE__ */ new Map();
  #gauge = { since: performance.now(), bytes: 0, busyMs: 0 };
  #workers;
  #nextId = 0;
  #failure;
  constructor(engine, scanBlob, plan) {
    this.#engine = engine;
    this.#inline = inlineScanner(scanBlob);
    this.#plan = plan;
  }
  scan(input, onResult) {
    if (this.#failure !== void 0) {
      this.#inline.scan(input, onResult);
      return;
    }
    if (this.#workers === void 0 && this.#plan.startAfterBytes > 0) {
      if (this.#scanInline(input, onResult)) {
        this.#workers = this.#start();
      }
      return;
    }
    const workers = this.#workers ??= this.#start();
    const to = leastLoaded(workers);
    if (to === void 0 || to.queuedBytes >= WORKER_QUEUE_BYTES) {
      this.#inline.scan(input, onResult);
      return;
    }
    const id = this.#nextId++;
    const bytes = input.bytes === void 0 ? void 0 : transferable(input.bytes);
    this.#jobs.set(id, { onResult, to });
    to.queuedBytes += bytes?.length ?? 0;
    const content = withBytes(bytes, input.skipped);
    const job = { kind: "scan", id, path: input.path, ...content };
    to.thread.postMessage(job, bytes ? [bytes.buffer] : []);
  }
  async finish() {
    if (this.#workers !== void 0) {
      const threads = this.#workers.map((worker) => worker.thread);
      const stats = await Promise.all(threads.map((thread) => closeWorker(thread)));
      stats.forEach((part) => addStats(this.#engine.stats, part));
    }
    if (this.#failure !== void 0) {
      throw this.#failure;
    }
  }
  /** Scans inline, timing it; says whether the workers should take over from now on. */
  #scanInline(input, onResult) {
    const gauge = this.#gauge;
    const began = performance.now();
    this.#inline.scan(input, onResult);
    const now2 = performance.now();
    gauge.busyMs += now2 - began;
    gauge.bytes += input.bytes?.length ?? 0;
    if (gauge.bytes < this.#plan.startAfterBytes) {
      return false;
    }
    const share = gauge.busyMs / Math.max(now2 - gauge.since, 1);
    Object.assign(gauge, { since: now2, bytes: 0, busyMs: 0 });
    if (share <= BUSY_SHARE_FOR_WORKERS) {
      return false;
    }
    debug8(`the rules kept the main thread busy ${(share * 100).toFixed(0)}% of the time`);
    return true;
  }
  #start() {
    const settle = (reply) => {
      const job = this.#jobs.get(reply.id);
      this.#jobs.delete(reply.id);
      if (job !== void 0) {
        job.to.queuedBytes -= reply.size;
        job.onResult(reply);
      }
    };
    const fail = (cause) => {
      this.#failure ??= cause;
      this.#jobs.clear();
    };
    const threads = startWorkers(this.#plan.setup, this.#plan.size, settle, fail);
    return threads.map((thread) => ({ thread, queuedBytes: 0 }));
  }
};
function leastLoaded(workers) {
  let best;
  for (const worker of workers) {
    if (best === void 0 || worker.queuedBytes < best.queuedBytes) {
      best = worker;
    }
  }
  return best;
}
function startWorkers(setup, size, onResult, onFailure) {
  const url = new URL("./history-worker.cjs", import.meta.url);
  debug8(`starting ${size} scan workers`);
  return Array.from({ length: size }, () => {
    const worker = new Worker(url, { workerData: setup });
    worker.on("message", (reply) => {
      if (reply.kind === "result") {
        onResult(reply);
      }
    });
    worker.on("error", (cause) => onFailure(cause));
    return worker;
  });
}
function closeWorker(worker) {
  return new Promise((resolve2) => {
    const onExit = () => resolve2(void 0);
    worker.once("exit", onExit);
    worker.on("message", (reply) => {
      if (reply.kind === "stats") {
        worker.off("exit", onExit);
        void worker.terminate();
        resolve2(reply.stats);
      }
    });
    worker.postMessage({ kind: "close" });
  });
}
function addStats(total, part) {
  if (part === void 0) {
    return;
  }
  total.filesScanned += part.filesScanned;
  total.bytesScanned += part.bytesScanned;
  for (const reason of Object.keys(total.skipped)) {
    total.skipped[reason] += part.skipped[reason];
  }
}
function transferable(bytes) {
  const ownsMemory = bytes.byteOffset === 0 && bytes.buffer.byteLength <= bytes.length + 1;
  return ownsMemory ? new Uint8Array(bytes.buffer, 0, bytes.length) : new Uint8Array(bytes);
}
function withBytes(bytes, skipped) {
  if (bytes !== void 0) {
    return { bytes };
  }
  return skipped === void 0 ? {} : { skipped };
}

// src/scanners/history-signature.ts
import path10 from "node:path";
function createSignatures(rules) {
  const contentRules = rules.filter((rule) => rule.kind === "content");
  const pathRules = rules.filter((rule) => rule.kind === "path");
  const byPath = /* @__PURE__ */ new Map();
  const byKey = /* @__PURE__ */ new Map();
  return (filePath) => {
    const known = byPath.get(filePath);
    if (known !== void 0) {
      return known;
    }
    const content = contentRules.flatMap(
      (rule, index) => rule.appliesTo === void 0 || rule.appliesTo(filePath) ? [index] : []
    );
    const paths = pathRules.flatMap((rule, index) => rule.appliesTo(filePath) ? [index] : []);
    const extension = path10.posix.extname(filePath).toLowerCase();
    const own = paths.length > 0 ? filePath : "";
    const key = `${content.join(",")}|${paths.join(",")}|${extension}|${own}`;
    let id = byKey.get(key);
    if (id === void 0) {
      id = byKey.size;
      byKey.set(key, id);
    }
    byPath.set(filePath, id);
    return id;
  };
}

// src/scanners/history.ts
var debug9 = debugFor("history");
var MODE_SYMLINK2 = "120000";
var MODE_SUBMODULE2 = "160000";
var MAX_BASE_BYTES = 48 * 1024 * 1024;
var QUEUE_COMPACT_AT = 4096;
async function scanHistory(options) {
  const signatureOf = createSignatures(options.rules);
  const progress = { commits: 0, blobs: 0, bytes: 0, findings: 0 };
  const blobs = await readBlobs(options, signatureOf, progress);
  debug9(`${progress.commits} commits, ${progress.blobs} blob reads, ${blobs.size} with findings`);
  if (blobs.size === 0) {
    return { findings: [], commits: progress.commits };
  }
  const findings = await attributeFindings({
    cwd: options.cwd,
    revisions: options.revisions,
    blobs,
    signatureOf,
    isExcluded: options.isExcluded,
    maskText: options.maskText
  });
  return { findings, commits: progress.commits };
}
async function readBlobs(options, signatureOf, progress) {
  const found = /* @__PURE__ */ new Map();
  const claimed = new ClaimSet();
  const queue = new RequestQueue();
  const scanner = createScanner(options);
  const bases = new KeywordFreeBases();
  const scan2 = (request, input) => {
    const base = input.bytes === void 0 ? void 0 : bases.get(request.path);
    scanner.scan(base === void 0 ? input : { ...input, keywordFreeBase: base }, (result) => {
      const { findings } = result;
      if (findings.length > 0) {
        record2(found, request, findings);
        progress.findings += findings.length;
      }
      bases.update(request.path, result.isKeywordFree ? input.bytes : void 0);
    });
  };
  const stream = openObjectStream(options.cwd, options.maxFileSize, (object) => {
    const request = queue.shift();
    progress.blobs += 1;
    progress.bytes += object.kind === "blob" ? object.bytes.length : 0;
    scan2(request, inputOf(request.path, object));
    options.onProgress?.(progress);
  });
  const consider = (sha, mode, path15) => {
    if (sha === NO_OBJECT || mode === MODE_SUBMODULE2) {
      return true;
    }
    const request = { sha, path: path15, signature: signatureOf(path15) };
    if (!claimed.claim(sha, request.signature)) {
      return true;
    }
    if (mode === MODE_SYMLINK2) {
      scan2(request, { path: path15, skipped: "symlink" });
      return true;
    }
    queue.push(request);
    return stream.request(sha);
  };
  const onEntry = (entry) => {
    let writable = consider(entry.newBlob, entry.newMode, entry.path);
    entry.oldBlobs.forEach((sha, index) => {
      writable = consider(sha, entry.oldModes[index], entry.path) && writable;
    });
    return writable;
  };
  try {
    await walkAndRead(options, stream, onEntry, progress);
  } catch (cause) {
    await scanner.finish().catch(() => void 0);
    throw cause;
  }
  await scanner.finish();
  return found;
}
function createScanner(options) {
  const scanBlob = (input) => options.engine.scanFileAndKeywords(input);
  const workers = options.workers;
  if (workers === void 0 || workers.size < 1) {
    return inlineScanner(scanBlob);
  }
  const { setup, size, startAfterBytes } = workers;
  return poolScanner(options.engine, scanBlob, setup, size, startAfterBytes);
}
async function walkAndRead(options, stream, onEntry, progress) {
  let isPaused = false;
  const holder = {};
  holder.walk = walkCommits(options.cwd, options.revisions, "natural", (commit) => {
    progress.commits += 1;
    let writable = true;
    for (const entry of commit.entries) {
      if (!options.isExcluded(entry.path)) {
        writable = onEntry(entry) && writable;
      }
    }
    if (!writable && !isPaused) {
      isPaused = true;
      holder.walk?.pause();
      stream.onceWritable(() => {
        isPaused = false;
        holder.walk?.resume();
      });
    }
  });
  try {
    await holder.walk.done;
  } finally {
    await stream.end();
  }
}
function inputOf(path15, object) {
  if (object.kind === "missing") {
    throw new KeyfenceError(
      "git",
      `the blob of ${path15} (${object.name}) in history cannot be read from the repository`,
      "The repository may be corrupt (run `git fsck`), or a partial clone that cannot fetch."
    );
  }
  if (object.kind === "blob") {
    return { path: path15, bytes: object.bytes };
  }
  return { path: path15, skipped: "too-large" };
}
function record2(found, request, findings) {
  let entry = found.get(request.sha);
  if (!entry) {
    entry = { bySignature: /* @__PURE__ */ new Map() };
    found.set(request.sha, entry);
  }
  entry.bySignature.set(request.signature, findings);
}
var ClaimSet = class {
  #groups = /* @__PURE__ */ new Map();
  /** Records the pair and says whether it is new. */
  claim(sha, signature) {
    const known = this.#groups.get(sha);
    if (known === void 0) {
      this.#groups.set(sha, signature);
      return true;
    }
    if (known === signature || Array.isArray(known) && known.includes(signature)) {
      return false;
    }
    this.#groups.set(sha, Array.isArray(known) ? [...known, signature] : [known, signature]);
    return true;
  }
};
var KeywordFreeBases = class {
  #byPath = /* @__PURE__ */ new Map();
  #bytes = 0;
  get(path15) {
    return this.#byPath.get(path15);
  }
  /** Keeps `bytes` as the base of `path`, or forgets the path's base when undefined. */
  update(path15, bytes) {
    this.#forget(path15);
    if (bytes === void 0 || bytes.length === 0) {
      return;
    }
    this.#byPath.set(path15, bytes);
    this.#bytes += bytes.buffer.byteLength;
    for (const [oldest] of this.#byPath) {
      if (this.#bytes <= MAX_BASE_BYTES) {
        break;
      }
      this.#forget(oldest);
    }
  }
  #forget(path15) {
    const known = this.#byPath.get(path15);
    if (known !== void 0) {
      this.#bytes -= known.buffer.byteLength;
      this.#byPath.delete(path15);
    }
  }
};
var RequestQueue = class {
  #items = [];
  #head = 0;
  push(request) {
    this.#items.push(request);
  }
  shift() {
    const request = this.#items[this.#head];
    if (request === void 0) {
      throw new Error("git cat-file answered an object that was not requested");
    }
    this.#head += 1;
    if (this.#head >= QUEUE_COMPACT_AT) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return request;
  }
};

// src/scanners/history-revisions.ts
import { readFileSync as readFileSync8 } from "node:fs";
import path11 from "node:path";
var DEEPEN_HINT = "Fetch the missing history first: `git fetch --unshallow` (or `git fetch --deepen=N` for N more commits); in GitHub Actions, give actions/checkout `fetch-depth: 0`.";
async function planWalk(repository, selection) {
  if (selection.range !== void 0 && (selection.since ?? selection.branch) !== void 0) {
    throw usageError("--range cannot be combined with --since or --branch");
  }
  if (selection.range !== void 0) {
    return planRange(repository, selection.range);
  }
  const since = selection.since;
  const excluded = since === void 0 ? [] : [`^${await resolve(repository, since)}`];
  if (selection.branch === void 0) {
    return { kind: "walk", revisions: ["--all", ...excluded] };
  }
  const tip = await resolveOptional(repository, selection.branch);
  if (tip !== void 0) {
    return { kind: "walk", revisions: [tip, ...excluded] };
  }
  if (await isUnbornBranch(repository.cwd, selection.branch)) {
    return { kind: "empty", reason: `branch ${selection.branch} has no commits yet` };
  }
  throw notFound(repository, selection.branch, "branch");
}
async function planRange(repository, range) {
  const ends = range.includes("...") ? [] : range.split("..");
  const [base = "", head = ""] = ends;
  if (ends.length !== 2 || base === "" || head === "") {
    throw usageError(
      `--range must be BASE..HEAD (got "${range}")`,
      "Give two revisions, for example `--range origin/main..HEAD`."
    );
  }
  const headSha = await resolve(repository, head);
  if (base === NO_OBJECT) {
    return { kind: "walk", revisions: [headSha] };
  }
  const baseSha = await resolve(repository, base);
  return { kind: "walk", revisions: [headSha, `^${baseSha}`] };
}
async function checkShallowBoundary(repository, revisions) {
  if (!repository.isShallow) {
    return;
  }
  const boundary = readShallowList(repository.gitDir);
  const listed = (await git(["rev-list", ...revisions, "--"], repository.cwd)).toString("utf8");
  const reached = listed.split("\n").find((sha) => boundary.has(sha));
  if (reached !== void 0) {
    throw new KeyfenceError(
      "git",
      `this clone is shallow and the history to scan reaches its boundary at ${reached.slice(0, 12)}; what came before is not here, so the scan cannot be complete`,
      DEEPEN_HINT
    );
  }
}
function readShallowList(gitDir) {
  try {
    const text2 = readFileSync8(path11.join(gitDir, "shallow"), "utf8");
    return new Set(text2.split("\n").filter((line) => line !== ""));
  } catch {
    return /* @__PURE__ */ new Set();
  }
}
async function resolve(repository, revision) {
  const sha = await resolveOptional(repository, revision);
  if (sha === void 0) {
    throw notFound(repository, revision, "revision");
  }
  return sha;
}
async function resolveOptional(repository, revision) {
  if (revision.startsWith("-")) {
    throw usageError(`"${revision}" is not a revision`);
  }
  const args = ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`];
  const result = await runGit(args, repository.cwd);
  const sha = result.stdout.toString("utf8").trim();
  return result.code === 0 && sha !== "" ? sha : void 0;
}
function notFound(repository, revision, what) {
  if (repository.isShallow) {
    return new KeyfenceError(
      "git",
      `the ${what} "${revision}" is not in this shallow clone`,
      DEEPEN_HINT
    );
  }
  return new KeyfenceError(
    "git",
    `the ${what} "${revision}" does not name a commit in this repository`,
    "Check the name with `git rev-parse`; a remote branch may need `git fetch` first."
  );
}
async function isUnbornBranch(cwd, name) {
  const result = await runGit(["symbolic-ref", "--quiet", "HEAD"], cwd);
  const ref = result.stdout.toString("utf8").trim();
  const head = await runGit(["rev-parse", "--verify", "--quiet", "HEAD"], cwd);
  return head.code !== 0 && (ref === `refs/heads/${name}` || ref === name);
}

// src/history.ts
var debug10 = debugFor("history");
async function runHistory(request) {
  const started = performance.now();
  const repository = await locateRepository(request.cwd);
  const config = await loadConfig({
    root: repository.root,
    file: request.configFile,
    disabled: request.noConfig === true,
    knownRuleIds: new Set(request.rules.map((rule) => rule.id)),
    ...request.configTrust ? { trust: request.configTrust } : {}
  });
  const rules = request.rules.filter((rule) => config.rules.get(rule.id) !== "off");
  const engine = createEngine({ ...request, mode: "history" }, config);
  const plan = await planWalk(repository, request);
  if (plan.kind === "empty") {
    info(`nothing to scan: ${plan.reason}`);
    return { findings: [], stats: engine.stats, root: repository.root, config, commits: 0 };
  }
  await checkShallowBoundary(repository, plan.revisions);
  const result = await scanHistory({
    cwd: repository.cwd,
    revisions: plan.revisions,
    engine,
    rules,
    maxFileSize: config.maxFileSize,
    isExcluded: pathExclusion(config),
    maskText: textMasker(rules, request.showSecrets === true),
    ...workersOf(request, config, rules),
    ...request.onProgress ? { onProgress: request.onProgress } : {}
  });
  if (result.commits === 0) {
    info("nothing to scan: the selected history has no commits");
  }
  engine.stats.durationMs = performance.now() - started;
  debug10(`${result.commits} commits, ${result.findings.length} findings`);
  const findings = sortFindings(result.findings);
  return { findings, stats: engine.stats, root: repository.root, config, commits: result.commits };
}
function workersOf(request, config, rules) {
  const size = request.workers ?? 0;
  if (size < 1) {
    return {};
  }
  const severityOverrides = [];
  for (const [id, level] of config.rules) {
    if (level !== "off") {
      severityOverrides.push([id, level]);
    }
  }
  const setup = {
    ruleIds: rules.map((rule) => rule.id),
    config: config.raw,
    severityOverrides,
    showSecrets: request.showSecrets === true,
    suppression: suppressionOptions(config.allowedValues, request.noSuppressions === true)
  };
  return { workers: { size, setup, ...request.workersAtOnce ? { startAfterBytes: 0 } : {} } };
}
async function locateRepository(cwd) {
  const asks = ["--absolute-git-dir", "--is-bare-repository", "--is-shallow-repository"];
  const result = await runGit(["rev-parse", ...asks], cwd);
  if (result.code !== 0) {
    const notRepository = result.stderr.includes("not a git repository");
    throw new KeyfenceError(
      "git",
      notRepository ? `${cwd} is not inside a git repository, and \`keyfence history\` reads its commits` : `git cannot read the repository at ${cwd}: ${firstLine(result.stderr)}`,
      "Run it inside a clone of the repository to scan."
    );
  }
  const [gitDir = "", isBare, isShallow] = result.stdout.toString("utf8").split("\n");
  const top = await runGit(["rev-parse", "--show-toplevel"], cwd);
  const root = isBare === "true" || top.code !== 0 ? gitDir : top.stdout.toString("utf8").trim();
  return { cwd: root, root, gitDir, isShallow: isShallow === "true" };
}
function textMasker(rules, showSecrets) {
  if (showSecrets) {
    return (text2) => text2;
  }
  const content = rules.filter((rule) => rule.kind === "content");
  const engine = new Engine({ rules: content, mode: "history", config: {} });
  return (text2) => {
    const findings = engine.scanFile({ path: "COMMIT_SUBJECT", bytes: Buffer.from(text2, "utf8") });
    let masked = text2;
    for (const finding2 of [...findings].sort((a, b) => b.column - a.column)) {
      if (finding2.line === 1 && finding2.endLine === 1) {
        const before = masked.slice(0, finding2.column - 1);
        masked = before + finding2.preview + masked.slice(finding2.endColumn - 1);
      }
    }
    return masked;
  };
}

// src/suppress/baseline-step.ts
import path12 from "node:path";
function runBaselineStep(findings, step) {
  if (step.file === void 0) {
    return [...findings];
  }
  if (step.update && step.isPartial) {
    throw usageError(
      "--update-baseline needs a scan of the whole repository",
      "Run `keyfence scan --update-baseline` without paths; a staged or partial scan cannot tell a fixed finding from a file it did not read."
    );
  }
  const baseline = readBaseline(step.file);
  const result = applyBaseline(findings, baseline);
  if (step.update) {
    writeBaseline(step.file, withoutEntries(baseline, result.unused));
    const count2 = result.unused.length;
    info(
      `removed ${count2} stale ${count2 === 1 ? "entry" : "entries"} from ` + shortPath(step.file, step.cwd)
    );
  }
  return result.findings;
}
function shortPath(file, cwd) {
  const relative = path12.relative(cwd, file);
  return relative !== "" && !relative.startsWith("..") && relative.length < file.length ? relative : file;
}

// src/action/scan-target.ts
async function scanTarget(root, target, settings) {
  if (target.kind !== "tree") {
    const outcome2 = await runHistory({
      cwd: root,
      rules: RULES,
      configFile: settings.configFile,
      noConfig: settings.noConfig,
      // Two dots: the commits reachable from the head and not from the base, the ones the
      // pull request adds; resolveCommitRange proved the checkout holds all of them.
      range: target.kind === "range" ? `${target.range.base}..${target.range.head}` : void 0
    });
    const findings2 = applyBaseline2(outcome2.findings, settings, outcome2.config, root);
    return { findings: findings2, stats: outcome2.stats, config: outcome2.config, mode: "history" };
  }
  const outcome = await runScan({
    mode: "tree",
    cwd: root,
    targets: [],
    rules: RULES,
    configFile: settings.configFile,
    noConfig: settings.noConfig,
    baselineFile: settings.baselineInCheckout
  });
  const findings = applyBaseline2(outcome.findings, settings, outcome.config, root);
  return { findings, stats: outcome.stats, config: outcome.config, mode: "tree" };
}
function applyBaseline2(findings, settings, config, root) {
  const file = settings.baselineFile === "configured" ? config.baseline : settings.baselineFile;
  return runBaselineStep(findings, { file, update: false, isPartial: true, cwd: root });
}
function ownSettings(root, inputs) {
  const baseline = inputs.baseline && path13.resolve(root, inputs.baseline);
  return {
    configFile: inputs.config && path13.resolve(root, inputs.config),
    noConfig: false,
    baselineFile: baseline ?? "configured",
    baselineInCheckout: baseline
  };
}

// src/action/workflow-commands.ts
import { appendFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
function annotation(level, message, properties = {}) {
  const props = Object.entries(properties).filter(([, value]) => value !== void 0).map(([key, value]) => `${key}=${escapeProperty2(String(value))}`).join(",");
  return `::${level}${props ? ` ${props}` : ""}::${escapeData2(message)}
`;
}
function setOutput(file, name, value) {
  if (!file) {
    return;
  }
  const delimiter = `keyfence_${randomBytes(12).toString("hex")}`;
  appendFileSync(file, `${name}<<${delimiter}
${value}
${delimiter}
`);
}
function appendSummary(file, markdown) {
  if (file) {
    appendFileSync(file, markdown.endsWith("\n") ? markdown : `${markdown}
`);
  }
}
function escapeData2(text2) {
  return text2.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}
function escapeProperty2(text2) {
  return escapeData2(text2).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

// src/action/run.ts
async function runAction(io) {
  try {
    return await scanAndReport(io);
  } catch (cause) {
    const message = cause instanceof KeyfenceError ? cause.message : `internal error: ${String(cause)}`;
    const hint = cause instanceof KeyfenceError && cause.hint ? ` ${cause.hint}` : "";
    io.stdout.write(annotation("error", `keyfence: ${message}.${hint}`, { title: "keyfence" }));
    return EXIT_ERROR;
  }
}
async function scanAndReport(io) {
  const inputs = readInputs(io.env);
  const workspace = io.env["GITHUB_WORKSPACE"] || process.cwd();
  const { root } = await requireRepository(workspace, "action");
  const plan = await planScan(root, inputs, io.env);
  const scan2 = await scanTarget(root, plan.target, plan.settings);
  const failOn = inputs.failOn ?? scan2.config.failOn;
  const input = {
    secretsShown: false,
    findings: scan2.findings,
    stats: scan2.stats,
    rules: RULES,
    mode: scan2.mode,
    version: VERSION,
    root
  };
  if (inputs.annotations) {
    io.stdout.write(toGithub(input, { stopToken: randomBytes2(16).toString("hex") }));
  }
  appendSummary(io.env["GITHUB_STEP_SUMMARY"], summaryOf(input, plan, io.env));
  const sarifFile = inputs.sarifFile && path14.resolve(workspace, inputs.sarifFile);
  if (sarifFile) {
    writeFileSync3(sarifFile, toSarif(input));
  }
  const counted = scan2.findings.filter((finding2) => finding2.suppression === void 0);
  setOutput(io.env["GITHUB_OUTPUT"], "findings", String(counted.length));
  setOutput(io.env["GITHUB_OUTPUT"], "sarif-file", sarifFile ?? "");
  return exitStatusOf(scan2.findings, failOn);
}
function summaryOf(input, plan, env) {
  const server = (env["GITHUB_SERVER_URL"] || "https://github.com").replace(/\/+$/, "");
  const repository = env["GITHUB_REPOSITORY"];
  const findings = toJobSummary(input, {
    repositoryUrl: repository ? `${server}/${repository}` : void 0,
    sha: env["GITHUB_SHA"] || void 0
  });
  const notes = plan.notes.map((note) => `> [!WARNING]
> ${note}

`).join("");
  return `${findings}
keyfence scanned ${plan.scanned}.

${notes}`;
}
async function planScan(root, inputs, env) {
  const isPullRequest = inputs.mode === "pull-request" || env["GITHUB_EVENT_NAME"]?.startsWith("pull_request");
  if (!isPullRequest) {
    const target2 = inputs.mode === "history" ? { kind: "history" } : { kind: "tree" };
    const scanned = inputs.mode === "history" ? "the history" : "the checked-out files";
    return { target: target2, settings: ownSettings(root, inputs), scanned, notes: [] };
  }
  const event = readPullRequestEvent(env["GITHUB_EVENT_PATH"]);
  const range = inputs.mode === "pull-request" ? await resolveCommitRange(root, event) : void 0;
  const base = await settingsFromBase(root, event, inputs);
  const notes = base.changedByPullRequest.map(
    (file) => `This pull request changes \`${file}\`. The scan used the version from the base commit ${event.base.slice(0, 7)}; the change applies once it is merged.`
  );
  const settings = {
    configFile: base.configFile,
    noConfig: base.configFile === void 0,
    baselineFile: base.baselineFile,
    baselineInCheckout: base.baselinePath && path14.join(root, base.baselinePath)
  };
  if (range) {
    const count2 = range.commits.length;
    const scanned = `the ${count2} commit${count2 === 1 ? "" : "s"} this pull request adds`;
    return { target: { kind: "range", range }, settings, scanned, notes };
  }
  const target = inputs.mode === "history" ? { kind: "history" } : { kind: "tree" };
  return {
    target,
    settings,
    scanned: inputs.mode === "history" ? "the history" : "the checked-out files",
    notes
  };
}

// src/action/index.ts
process.exitCode = await runAction({ env: process.env, stdout: process.stdout });
/*! Bundled license information:

cosmiconfig/dist/loaders.js:
cosmiconfig/dist/util.js:
cosmiconfig/dist/merge.js:
  (* istanbul ignore next -- @preserve *)

cosmiconfig/dist/ExplorerBase.js:
  (* istanbul ignore if -- @preserve *)
  (* istanbul ignore next -- @preserve *)

cosmiconfig/dist/Explorer.js:
cosmiconfig/dist/ExplorerSync.js:
  (* istanbul ignore if -- @preserve *)
*/
