import { View } from '@tarojs/components';
import { QUESTION_KIND_LABELS, type Attempt, type AttemptReview } from '@union/shared';

const LETTERS = 'ABCDEF';

interface QuestionProps {
  index: number;
  question: Attempt['questions'][number];
  chosen: number[];
  label: string;
  onChange: (chosen: number[]) => void;
}

/** One question: tap an option to choose it (several for 多选题). */
export function Question({ index, question, chosen, label, onChange }: QuestionProps) {
  const multiple = question.kind === 'multiple';
  const toggle = (i: number) => onChange(multiple ? (chosen.includes(i) ? chosen.filter((c) => c !== i) : [...chosen, i].sort()) : [i]);
  return (
    <View className="card question">
      <View className="question__stem">
        <View className="tag tag--primary question__kind">{label}</View>
        {index + 1}. {question.stem}
      </View>
      {question.options.map((option, i) => (
        <View
          key={i}
          className={`question__option ${chosen.includes(i) ? 'question__option--chosen' : ''}`}
          hoverClass="question__option--pressed"
          ariaRole={multiple ? 'checkbox' : 'radio'}
          aria-checked={chosen.includes(i)}
          onClick={() => toggle(i)}
        >
          <View className="question__letter">{LETTERS[i]}</View>
          <View className="question__text">{option}</View>
        </View>
      ))}
    </View>
  );
}

/** The graded attempt: each question with the member's choice, the right answer and the explanation. */
export function ReviewList({ review }: { review: AttemptReview }) {
  return (
    <View className="section">
      <View className="section__title">
        答案解析 · {review.result.score}分（答对 {review.result.correctCount}/{review.result.questionCount}）
      </View>
      {review.questions.map((q, i) => (
        <View key={i} className={`card question ${q.isCorrect ? '' : 'question--wrong'}`}>
          <View className="question__stem">
            <View className={`tag ${q.isCorrect ? 'tag--success' : 'tag--warn'} question__kind`}>{q.isCorrect ? '答对' : '答错'}</View>
            {i + 1}. {q.stem}
            <View className="muted question__kindname">{QUESTION_KIND_LABELS[q.kind]}</View>
          </View>
          {q.options.map((option, j) => (
            <View
              key={j}
              className={`question__option ${q.correctOptions.includes(j) ? 'question__option--right' : ''} ${q.chosen.includes(j) && !q.correctOptions.includes(j) ? 'question__option--wrong' : ''}`}
            >
              <View className="question__letter">{LETTERS[j]}</View>
              <View className="question__text">{option}</View>
            </View>
          ))}
          <View className="question__answer">
            正确答案 {q.correctOptions.map((j) => LETTERS[j]).join('')} · 你的答案 {q.chosen.length ? q.chosen.map((j) => LETTERS[j]).join('') : '未作答'}
          </View>
          {q.explanation ? <View className="question__explanation muted">解析：{q.explanation}</View> : null}
        </View>
      ))}
    </View>
  );
}
