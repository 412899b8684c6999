import { Injectable } from '@nestjs/common';
import { checkAgainstVersions } from './compatibility-check';
import { type RegisterSchemaRequest } from './dto/register-schema.request';
import { type VersionSelector } from './registry-input';
import { RegistrySettingsService } from './registry-settings.service';
import { RegistryError } from './schema-registry.errors';
import { SchemaStore } from './schema-store';
import { isLive, SubjectStore } from './subject-store';

/** Confluent's answer: `messages` only when `verbose=true` was asked. */
export interface CompatibilityAnswer {
  is_compatible: boolean;
  messages?: string[];
}

/** `POST /compatibility/subjects/{s}/versions[/{v}]`: would this schema be accepted? Changes nothing. */
@Injectable()
export class CompatibilityService {
  constructor(
    private readonly schemas: SchemaStore,
    private readonly subjects: SubjectStore,
    private readonly settings: RegistrySettingsService,
  ) {}

  /**
   * Against one version (`selector`) under the subject's level, or, without one, against the live versions
   * the level names (the latest, or all for `_TRANSITIVE`). A subject without versions accepts anything.
   * @throws RegistryError 40401 (with a version), 40402, 42201
   */
  async test(
    subject: string,
    selector: VersionSelector | undefined,
    request: RegisterSchemaRequest,
    verbose: boolean,
  ): Promise<CompatibilityAnswer> {
    const live = (await this.subjects.versions(subject)).filter(isLive);
    if (selector !== undefined && live.length === 0) throw RegistryError.subjectNotFound(subject);
    const previous = selector === undefined ? live : [this.subjects.pick(subject, live, selector)];
    const candidate = await this.schemas.prepare(request.schema, request.references);
    const { compatibility } = await this.settings.effective(await this.subjects.row(subject));
    const verdict = checkAgainstVersions(compatibility, candidate, await this.subjects.comparable(previous));
    return verbose
      ? { is_compatible: verdict.compatible, messages: verdict.messages }
      : { is_compatible: verdict.compatible };
  }
}
