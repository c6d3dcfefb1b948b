// One scale for every attribute and for the overall recommendation. Four points,
// no middle: an interviewer has to lean one way. "No opinion" is a null rating
// and is left out of averages (it means "not assessed", not "average").

export type Rating = 1 | 2 | 3 | 4

export const ratingScale: ReadonlyArray<{ value: Rating; label: string }> = [
  { value: 1, label: 'Strong no' },
  { value: 2, label: 'No' },
  { value: 3, label: 'Yes' },
  { value: 4, label: 'Strong yes' },
]

export const noOpinionLabel = 'No opinion'

export function isRating(value: unknown): value is Rating {
  return value === 1 || value === 2 || value === 3 || value === 4
}

export function ratingLabel(rating: Rating | null): string {
  return rating === null ? noOpinionLabel : ratingScale[rating - 1]!.label
}
