// The COUNT and TOTAL of `--lease RESOURCE=COUNT:TOTAL`. App::Switchman `eval`s them as Perl after
// replacing the macros; we read a small grammar instead, which gives the same numbers for
// everything the original's documentation shows (`4:int(MEMMB/1024)`) and refuses the rest with a
// message, instead of running it:
//
//   expression := term (('+' | '-') term)*
//   term       := factor (('*' | '/') factor)*
//   factor     := integer | '(' expression ')' | 'int' '(' expression ')' | ('-' | '+') factor
//
// As in Perl, '/' divides exactly (7/2 is 3.5) and int() truncates toward zero; the value of a
// whole COUNT or TOTAL must be an integer (the original's semaphore refuses "3.5" too).

/** A value that cannot be read, with where it went wrong; `syntax` is false when only this box's values are to blame (1/(CPU-4)). */
export class LeaseExpressionError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly syntax = true,
  ) {
    super(message);
    this.name = 'LeaseExpressionError';
  }
}

type Token = { kind: 'number'; value: number; offset: number } | { kind: 'symbol'; text: string; offset: number } | { kind: 'end'; offset: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c >= '0' && c <= '9') {
      const start = i;
      while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
      tokens.push({ kind: 'number', value: Number(text.slice(start, i)), offset: start });
    } else if ('+-*/()'.includes(c)) {
      tokens.push({ kind: 'symbol', text: c, offset: i++ });
    } else if (text.startsWith('int', i) && !/[A-Za-z0-9_]/.test(text[i + 3] ?? '')) {
      tokens.push({ kind: 'symbol', text: 'int', offset: i });
      i += 3;
    } else {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))?.[0];
      throw new LeaseExpressionError(word ? `unknown name "${word}" (known: CPU, FQDN, MEMMB and int())` : `unexpected "${c}"`, i);
    }
  }
  tokens.push({ kind: 'end', offset: text.length });
  return tokens;
}

/** The value of one COUNT or TOTAL, its macros already replaced. */
export function evaluateLeaseExpression(text: string): number {
  const tokens = tokenize(text);
  let at = 0;
  const peek = (): Token => tokens[at]!;
  const isSymbol = (symbol: string): boolean => {
    const token = peek();
    return token.kind === 'symbol' && token.text === symbol;
  };
  const expect = (symbol: string): void => {
    if (!isSymbol(symbol)) throw new LeaseExpressionError(`expected "${symbol}"`, peek().offset);
    at++;
  };

  function expression(): number {
    let value = term();
    while (isSymbol('+') || isSymbol('-')) {
      const plus = isSymbol('+');
      at++;
      const right = term();
      value = plus ? value + right : value - right;
    }
    return value;
  }
  function term(): number {
    let value = factor();
    while (isSymbol('*') || isSymbol('/')) {
      const times = isSymbol('*');
      const offset = peek().offset;
      at++;
      const right = factor();
      if (!times && right === 0) throw new LeaseExpressionError('division by zero', offset, false);
      value = times ? value * right : value / right;
    }
    return value;
  }
  function factor(): number {
    const token = peek();
    if (token.kind === 'number') {
      at++;
      return token.value;
    }
    if (isSymbol('(')) {
      at++;
      const value = expression();
      expect(')');
      return value;
    }
    if (isSymbol('int')) {
      at++;
      expect('(');
      const value = expression();
      expect(')');
      return Math.trunc(value);
    }
    if (isSymbol('-') || isSymbol('+')) {
      const minus = isSymbol('-');
      at++;
      const value = factor();
      return minus ? -value : value;
    }
    throw new LeaseExpressionError(token.kind === 'end' ? 'a number is missing at the end' : `unexpected "${token.text}"`, token.offset);
  }

  if (peek().kind === 'end') throw new LeaseExpressionError('it is empty', 0);
  const value = expression();
  const rest = peek();
  if (rest.kind !== 'end') throw new LeaseExpressionError(`unexpected "${rest.kind === 'symbol' ? rest.text : String(rest.value)}"`, rest.offset);
  return value;
}
