import type { GraphQLFormattedError } from 'graphql';

/**
 * graphql-js and Apollo Server say parse, validation and variable errors in English only. Staff
 * read these (a dashboard passing a wrong tier, a form missing a field), so the gateway puts the
 * Chinese first and keeps the original in brackets: the code is unchanged and a developer still
 * sees the exact text. A variable error also names the field (`extensions.field`), as our own
 * BAD_USER_INPUT errors do.
 */
type Rule = [pattern: RegExp, say: (...groups: string[]) => string];

/** Most specific first: the first rule that matches a sentence says it. */
const RULES: Rule[] = [
  [/^Value "([^"]*)" does not exist in "(\w+)" enum\.?/, (v, e) => `“${v}” 不是 ${e} 的取值`],
  [/^Enum "(\w+)" cannot represent non-enum value: (.*?)\.?$/, (e, v) => `${v} 不是 ${e} 的取值`],
  [/^Did you mean (?:the enum value )?(.*?)\?/, (list) => `是否要填 ${list.replace(/,? or /g, ' 或 ').replace(/, /g, '、')}?`],
  [/^Cannot query field "(\w+)" on type "(\w+)"\.?/, (f, t) => `${t} 没有字段 ${f}`],
  [/^Unknown argument "(\w+)" on field "([\w.]+)"\.?/, (a, f) => `${f} 没有参数 ${a}`],
  [
    /^Field "([\w.]+)" argument "(\w+)" of type "([^"]+)" is required, but it was not provided\.?/,
    (f, a, t) => `${f} 缺少必填参数 ${a}(${t})`,
  ],
  [/^Field "(\w+)" of type "([^"]+)" must have a selection of subfields\.?/, (f, t) => `${f}(${t})须选择子字段`],
  [/^Field "(\w+)" must not have a selection since type "([^"]+)" has no subfields\.?/, (f) => `${f} 没有子字段,不能选择`],
  [/^Field "(\w+)" of required type "([^"]+)" was not provided\.?/, (f, t) => `缺少必填字段 ${f}(${t})`],
  [/^Field "(\w+)" is not defined by type "(\w+)"\.?/, (f, t) => `${t} 没有字段 ${f}`],
  [/^Variable "\$(\w+)" of required type "([^"]+)" was not provided\.?/, (v, t) => `缺少必填变量 $${v}(${t})`],
  [/^Variable "\$(\w+)" of non-null type "([^"]+)" must not be null\.?/, (v) => `变量 $${v} 不能为空`],
  [
    /^Variable "\$(\w+)" got invalid value .*?(?: at "([\w.[\]]+)")?; (.*)$/s,
    (v, at, rest) => `变量 ${at || `$${v}`} 的值无效:${say(rest)}`,
  ],
  [
    /^Variable "\$(\w+)" of type "([^"]+)" used in position expecting type "([^"]+)"\.?/,
    (v, t, u) => `变量 $${v} 的类型 ${t} 与所需的 ${u} 不符`,
  ],
  [/^Variable "\$(\w+)" is never used(?: in operation "\w+")?\.?/, (v) => `变量 $${v} 未被使用`],
  [/^Variable "\$(\w+)" is not defined(?: by operation "\w+")?\.?/, (v) => `变量 $${v} 未声明`],
  [/^Unknown type "(\w+)"\.?/, (t) => `没有类型 ${t}`],
  [/^Unknown fragment "(\w+)"\.?/, (f) => `没有片段 ${f}`],
  [/^Fragment "(\w+)" is never used\.?/, (f) => `片段 ${f} 未被使用`],
  [/^There can be only one operation named "(\w+)"\.?/, (o) => `操作名 ${o} 重复`],
  [/^Unknown operation named "(\w+)"\.?/, (o) => `没有名为 ${o} 的操作`],
  [/^Must provide operation name if query contains multiple operations\.?/, () => '文档含多个操作时须指明操作名'],
  [/^(?:GraphQL operations must contain a non-empty `query`|Must provide query string).*/, () => '缺少查询语句'],
  [/^(Int|Float) cannot represent non-(?:integer|numeric) value: (.*)$/, (t, v) => `${v} 不是${t === 'Int' ? '整数' : '数字'}`],
  [/^Int cannot represent non 32-bit signed integer value: (.*)$/, (v) => `${v} 超出整数范围`],
  [
    /^(String|ID|Boolean) cannot represent (?:a )?non[ -]\w+ value: (.*)$/,
    (t, v) => `${v} 不是${{ String: '字符串', ID: '编号', Boolean: '布尔值' }[t]}`,
  ],
  [
    /^Expected value of type "([^"]+)", found ([^;]*?)(?:; (.*))?$/s,
    (t, v, rest) => `${v.replace(/\.$/, '')} 不是 ${t} 类型的值${rest ? `;${say(rest)}` : ''}`,
  ],
  [/^Syntax Error: (.*)$/, () => '查询语法错误'],
];

/** The Chinese of one sentence, or null when no rule knows it. */
function say(sentence: string): string {
  for (const [pattern, render] of RULES) {
    const m = pattern.exec(sentence.trim());
    if (m) {
      const rest = sentence.trim().slice(m[0].length).trim();
      const head = render(...m.slice(1).map((g) => g ?? ''));
      return rest ? `${head};${say(rest)}` : head;
    }
  }
  return '请求无效';
}

/** Codes whose messages come from graphql-js or Apollo Server rather than from our code. */
const ENGLISH_ONLY = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST']);
const HAS_CHINESE = /[\u4e00-\u9fff]/u;

/** The field a variable error is about: the path after `at` (or the variable), and the input field missing or unknown in it. */
function variableField(message: string): string | undefined {
  const m = /^Variable "\$(\w+)" (?:got invalid value .*? at "([\w.[\]]+)"|got invalid value|of required type|of non-null type)/s.exec(
    message,
  );
  if (!m) return undefined;
  const inner = /; Field "(\w+)" (?:of required type|is not defined by type)/.exec(message)?.[1];
  return [(m[2] ?? m[1])!.replace(/\[\d+\]/g, ''), inner].filter(Boolean).join('.');
}

/** Puts the Chinese before graphql-js's English; our own errors (already Chinese) pass unchanged. */
export function inChinese(e: GraphQLFormattedError): GraphQLFormattedError {
  const code = e.extensions?.code;
  if (typeof code !== 'string' || !ENGLISH_ONLY.has(code) || HAS_CHINESE.test(e.message)) return e;
  const field = variableField(e.message);
  return {
    ...e,
    message: `${say(e.message)} (${e.message})`,
    extensions: { ...e.extensions, ...(field && e.extensions?.field === undefined ? { field } : {}) },
  };
}
