import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_FEEDBACK_FORMS_FILE, feedbackConfig } from './feedback.config';

const text = (words: string) => ({ en: words, ca: words, es: words });
const question = (id: string, extra: object = {}) => ({ id, text: text(`Question ${id}?`), ...extra });
const form = (id: string, questions: object[] = [question('q')], extra: object = {}) => ({ id, title: text(id), questions, ...extra });

describe('feedbackConfig', () => {
  let folder: string;
  let counter = 0;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'keepem-feedback-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  /** Writes `content` (JSON unless a string) to a file of its own and answers its path. */
  async function formsFile(content: unknown): Promise<string> {
    counter += 1;
    const file = join(folder, `forms-${counter}.json`);
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  /** The configuration error's lines for a file, without the common prefix. */
  function problemsOf(file: string): string[] {
    let message = '';
    try {
      feedbackConfig({ FEEDBACK_FORMS_FILE: file });
    } catch (error) {
      message = (error as Error).message;
    }
    const [heading, ...lines] = message.split('\n');
    expect(heading).toBe('Invalid configuration:');
    return lines.map((line) => {
      expect(line.startsWith(`  FEEDBACK_FORMS_FILE: ${file}: `)).toBe(true);
      return line.slice(`  FEEDBACK_FORMS_FILE: ${file}: `.length);
    });
  }

  it('reads the forms the repository ships by default: two, every text in en, ca and es', () => {
    const config = feedbackConfig({});

    expect(config.formsFile).toBe(resolve(DEFAULT_FEEDBACK_FORMS_FILE));
    expect(config.forms.map((shipped) => shipped.id)).toEqual(['first-impressions', 'legacy-experience']);
    for (const shipped of config.forms) {
      for (const words of [shipped.title, ...shipped.questions.map((asked) => asked.text)]) {
        expect(Object.keys(words)).toEqual(['en', 'ca', 'es']);
        expect(new Set(Object.values(words)).size).toBe(3);
      }
    }
  });

  it('reads another file named by FEEDBACK_FORMS_FILE, taking `text` as the default kind', async () => {
    const file = await formsFile({ forms: [form('only', [question('why'), question('stars', { kind: 'rating' })])] });

    expect(feedbackConfig({ FEEDBACK_FORMS_FILE: file })).toEqual({
      formsFile: file,
      forms: [
        {
          id: 'only',
          title: text('only'),
          questions: [
            { id: 'why', kind: 'text', text: text('Question why?') },
            { id: 'stars', kind: 'rating', text: text('Question stars?') },
          ],
        },
      ],
    });
  });

  it('refuses a file it cannot read, and one that is not JSON', async () => {
    expect(problemsOf(join(folder, 'missing.json'))).toEqual([expect.stringMatching(/^cannot be read \(ENOENT/)]);
    expect(problemsOf(await formsFile('{"forms": ['))).toEqual([expect.stringMatching(/^is not JSON \(/)]);
    expect(problemsOf(await formsFile([form('a')]))).toEqual(['must hold a JSON object with a "forms" array']);
  });

  it('names every problem of the forms at once, one per line, by its path', async () => {
    const file = await formsFile({
      forms: [
        form('first', [question('same'), question('same'), { id: 'Bad Id', text: { en: 'Why?', ca: '' } }]),
        form('first', [question('q', { kind: 'stars' })], { colour: 'red' }),
        form('empty', []),
      ],
      version: 2,
    });

    expect(problemsOf(file).sort()).toEqual(
      [
        'version: property version should not exist',
        'forms.0.questions.2.id: id must be 1 to 64 lower-case letters, digits and single hyphens, e.g. first-impressions',
        'forms.0.questions.2.text.ca: ca must be longer than or equal to 1 characters',
        'forms.0.questions.2.text.es: es must be longer than or equal to 1 characters',
        'forms.0.questions.2.text.es: es must be a string',
        'forms.1.colour: property colour should not exist',
        'forms.1.questions.0.kind: kind must be one of the following values: text, rating',
        'forms.2.questions: questions must contain at least 1 elements',
        'forms: the id "first" is given to more than one form',
        'forms.0.questions: the id "same" is given to more than one question',
      ].sort(),
    );
  });

  it('refuses a form or a question without its texts', async () => {
    const file = await formsFile({ forms: [{ id: 'bare', questions: [{ id: 'why' }] }] });

    expect(problemsOf(file)).toEqual(['forms.0.title: title must be an object', 'forms.0.questions.0.text: text must be an object']);
  });

  it('refuses a file without forms', async () => {
    expect(problemsOf(await formsFile({ forms: [] }))).toEqual(['forms: forms must contain at least 1 elements']);
    expect(problemsOf(await formsFile({}))).toEqual(expect.arrayContaining([expect.stringMatching(/^forms: /)]));
  });
});
