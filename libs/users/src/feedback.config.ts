import { ConfigModule, registerAs } from '@nestjs/config';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
  type ValidationError,
  validateSync,
} from 'class-validator';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { emptyToUndefined, EnvironmentVariables, validateEnvironment } from '@keepem/shared/config';
import { FEEDBACK_LANGUAGES, type FeedbackForm, QUESTION_KINDS, type QuestionKind } from './domain/feedback-form';

/** Relative to the working directory: the repository's root, or /app in the image. */
export const DEFAULT_FEEDBACK_FORMS_FILE = 'config/feedback-forms.json';

/** What the feedback routes name forms and questions by: short, stable, safe in a URL. */
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ID_MESSAGE = '$property must be 1 to 64 lower-case letters, digits and single hyphens, e.g. first-impressions';

class FeedbackEnvironmentVariables extends EnvironmentVariables {
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  FEEDBACK_FORMS_FILE?: string;
}

class LocalizedTextEntry {
  @IsString()
  @Length(1, 500)
  en: string;

  @IsString()
  @Length(1, 500)
  ca: string;

  @IsString()
  @Length(1, 500)
  es: string;
}

class QuestionEntry {
  @IsString()
  @Length(1, 64)
  @Matches(ID, { message: ID_MESSAGE })
  id: string;

  @IsOptional()
  @IsIn(QUESTION_KINDS)
  kind?: QuestionKind;

  @IsObject()
  @ValidateNested()
  @Type(() => LocalizedTextEntry)
  text: LocalizedTextEntry;
}

class FormEntry {
  @IsString()
  @Length(1, 64)
  @Matches(ID, { message: ID_MESSAGE })
  id: string;

  @IsObject()
  @ValidateNested()
  @Type(() => LocalizedTextEntry)
  title: LocalizedTextEntry;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => QuestionEntry)
  questions: QuestionEntry[];
}

class FormsFile {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FormEntry)
  forms: FormEntry[];
}

export type FeedbackConfig = {
  /** The file the forms were read from, resolved. */
  formsFile: string;
  forms: FeedbackForm[];
};

/**
 * The feedback forms, read and checked once at start-up from FEEDBACK_FORMS_FILE (a JSON file of
 * `{forms: [{id, title: {en, ca, es}, questions: [{id, kind?, text: {en, ca, es}}]}]}`). A file
 * that cannot be read, is not JSON or does not hold such forms (every text in every language,
 * ids unique, no unknown field) stops the process, each problem on a line of its own.
 */
export const feedbackConfig = registerAs('feedback', (raw: Record<string, unknown> = process.env): FeedbackConfig => {
  const env = validateEnvironment(FeedbackEnvironmentVariables, raw);
  const formsFile = resolve(env.FEEDBACK_FORMS_FILE ?? DEFAULT_FEEDBACK_FORMS_FILE);
  const read = readForms(formsFile);
  if ('problems' in read) {
    throw new Error(
      `Invalid configuration:\n${read.problems.map((problem) => `  FEEDBACK_FORMS_FILE: ${formsFile}: ${problem}`).join('\n')}`,
    );
  }
  return { formsFile, forms: read.forms };
});

export const FeedbackConfigModule = ConfigModule.forFeature(feedbackConfig);

function readForms(file: string): { forms: FeedbackForm[] } | { problems: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { problems: [`cannot be read (${(error as Error).message})`] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { problems: [`is not JSON (${(error as Error).message})`] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { problems: ['must hold a JSON object with a "forms" array'] };
  }
  const entries = plainToInstance(FormsFile, parsed);
  const errors = validateSync(entries, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  const problems = [...describe(errors), ...duplicates(entries)];
  if (problems.length > 0) {
    return { problems };
  }
  return {
    forms: entries.forms.map((form) => ({
      id: form.id,
      title: localized(form.title),
      questions: form.questions.map((question) => ({ id: question.id, kind: question.kind ?? 'text', text: localized(question.text) })),
    })),
  };
}

function localized(entry: LocalizedTextEntry): FeedbackForm['title'] {
  return Object.fromEntries(FEEDBACK_LANGUAGES.map((language) => [language, entry[language]])) as FeedbackForm['title'];
}

/** `forms.0.questions.1.text.ca: ca must be longer than or equal to 1 characters`, one line per broken rule. */
function describe(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${path}: ${message}`);
    return [...own, ...describe(error.children ?? [], path)];
  });
}

/** Answers are stored by form and question id, so an id given twice would make two questions one. */
function duplicates(file: FormsFile): string[] {
  if (!Array.isArray(file.forms)) {
    return [];
  }
  const repeated = (ids: unknown[]) => [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
  const forms = repeated(file.forms.map((form) => form?.id)).map((id) => `forms: the id "${String(id)}" is given to more than one form`);
  const questions = file.forms.flatMap((form, index) =>
    Array.isArray(form?.questions)
      ? repeated(form.questions.map((question) => question?.id)).map(
          (id) => `forms.${index}.questions: the id "${String(id)}" is given to more than one question`,
        )
      : [],
  );
  return [...forms, ...questions];
}
