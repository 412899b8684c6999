/**
 * Typed environment variables, validated once at boot. Every app declares the variables it reads as a
 * spec of `EnvVar`s; `loadConfig` returns the typed values or throws a `ConfigError` that lists every bad
 * variable with what it expects. Nothing else in the code base reads `process.env`.
 */
export interface EnvVar<T> {
  /** Human text of what a valid value looks like, used in error messages and the README table. */
  readonly expects: string;
  readonly defaultText?: string;
  parse(raw: string | undefined): T;
}

/** Thrown by an EnvVar's parse: its message follows "NAME: expected …; " in the one-line report. */
export class InvalidEnvValue extends Error {}

function envVar<T>(
  expects: string,
  fallback: T | undefined,
  parse: (raw: string) => T,
  defaultText?: string,
): EnvVar<T> {
  return {
    expects,
    defaultText: defaultText ?? (fallback === undefined ? undefined : String(fallback)),
    parse(raw) {
      if (raw === undefined || raw.trim() === '') {
        if (fallback === undefined) throw new InvalidEnvValue('is required');
        return fallback;
      }
      return parse(raw.trim());
    },
  };
}

export const env = {
  string(fallback?: string): EnvVar<string> {
    return envVar('a non-empty string', fallback, (raw) => raw);
  },
  /** A secret: never printed back in errors or logs. */
  secret(minLength = 16): EnvVar<string> {
    return envVar(`a secret of at least ${minLength} characters`, undefined, (raw) => {
      if (raw.length < minLength) throw new InvalidEnvValue(`must be at least ${minLength} characters long`);
      return raw;
    });
  },
  optionalSecret(minLength = 16): EnvVar<string | undefined> {
    return {
      expects: `a secret of at least ${minLength} characters (optional)`,
      parse(raw) {
        if (raw === undefined || raw === '') return undefined;
        if (raw.length < minLength)
          throw new InvalidEnvValue(`must be at least ${minLength} characters long`);
        return raw;
      },
    };
  },
  /** A file or directory path (optional); whether it can be read is checked where it is used. */
  optionalPath(): EnvVar<string | undefined> {
    return {
      expects: 'a file system path (optional)',
      parse(raw) {
        if (raw === undefined || raw.trim() === '') return undefined;
        if (raw.includes('\0')) throw new InvalidEnvValue('contains a NUL character');
        return raw.trim();
      },
    };
  },
  int(
    fallback: number | undefined,
    min = Number.MIN_SAFE_INTEGER,
    max = Number.MAX_SAFE_INTEGER,
  ): EnvVar<number> {
    return envVar(`an integer from ${min} to ${max}`, fallback, (raw) => {
      if (!/^-?\d+$/.test(raw)) throw new InvalidEnvValue(`got '${raw}'`);
      const value = Number(raw);
      if (value < min || value > max) throw new InvalidEnvValue(`got ${value}`);
      return value;
    });
  },
  port(fallback: number): EnvVar<number> {
    return envVar('a TCP port from 0 to 65535', fallback, (raw) => {
      if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new InvalidEnvValue(`got '${raw}'`);
      return Number(raw);
    });
  },
  bool(fallback: boolean): EnvVar<boolean> {
    return envVar('true or false', fallback, (raw) => {
      const lower = raw.toLowerCase();
      if (['true', '1', 'yes'].includes(lower)) return true;
      if (['false', '0', 'no'].includes(lower)) return false;
      throw new InvalidEnvValue(`got '${raw}'`);
    });
  },
  oneOf<const T extends string>(values: readonly T[], fallback: T): EnvVar<T> {
    return envVar(`one of ${values.join(', ')}`, fallback, (raw) => {
      if (!(values as readonly string[]).includes(raw)) throw new InvalidEnvValue(`got '${raw}'`);
      return raw as T;
    });
  },
  /** Comma-separated `host:port` list, e.g. Kafka bootstrap servers. */
  hostPorts(fallback: string): EnvVar<string[]> {
    const parse = (raw: string): string[] => {
      const items = raw.split(',').map((item) => item.trim());
      for (const item of items) {
        if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(item))
          throw new InvalidEnvValue(`'${item}' is not host:port`);
      }
      return items;
    };
    return envVar('a comma-separated list of host:port', parse(fallback), parse, fallback);
  },
  url(fallback: string | undefined, protocols: readonly string[]): EnvVar<string> {
    return envVar(`a URL (${protocols.join(', ')})`, fallback, (raw) => {
      let parsed: URL;
      try {
        parsed = new URL(raw);
      } catch {
        throw new InvalidEnvValue('is not a URL');
      }
      if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
        throw new InvalidEnvValue(`has protocol '${parsed.protocol}'`);
      }
      return raw;
    });
  },
  /** A byte size such as `1048576`, `512kb`, `1mb`. */
  bytes(fallback: string): EnvVar<number> {
    const parse = (raw: string): number => {
      const match = /^(\d+)\s*(b|kb|kib|mb|mib)?$/i.exec(raw);
      if (!match) throw new InvalidEnvValue(`got '${raw}'`);
      const unit = (match[2] ?? 'b').toLowerCase();
      const factor = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1;
      return Number(match[1]) * factor;
    };
    return envVar('a size in bytes, e.g. 1048576, 512kb or 1mb', parse(fallback), parse, fallback);
  },
};

export type ConfigSpec = Record<string, EnvVar<unknown>>;
export type ConfigOf<S extends ConfigSpec> = {
  readonly [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never;
};

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig<S extends ConfigSpec>(
  spec: S,
  source: Readonly<Record<string, string | undefined>> = process.env,
): ConfigOf<S> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(spec)) {
    try {
      values[name] = variable.parse(source[name]);
    } catch (error) {
      const reason = error instanceof InvalidEnvValue ? error.message : String(error);
      problems.push(`${name}: expected ${variable.expects}; ${reason}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values as ConfigOf<S>;
}
