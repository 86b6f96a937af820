#!/usr/bin/env python3
"""How far a dedicated bag-of-n-grams classifier gets on ABSAbank-Imm (the Swedish set the model is measured on).

Trains TF-IDF (word 1-2-grams, optionally + character 2-5-grams) with logistic regression or a linear SVM on the
ABSAbank-Imm *train* split only, and reports macro-F1 on its *dev* split for a grid of settings. The grid is
chosen on dev itself, so the best figure is an optimistic ceiling for this model family on this set, not a fair
held-out score. Vakt's engine is one model for tweets and forum posts in two languages; this script asks what a
model trained for this one set could reach.

Needs scikit-learn: `apt-get install python3-sklearn` (Debian), run with the system python:
  /usr/bin/python3 packages/sentiment-eval/scripts/absabank-ceiling.py [data dir]
Data: the argument, else $VAKT_SENTIMENT_DATA, else the data checkout beside the repository.
"""
import json
import os
import sys

try:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.pipeline import make_union
    from sklearn.svm import LinearSVC
except ImportError:
    sys.exit('scikit-learn is missing: apt-get install python3-sklearn, then run with /usr/bin/python3')

here = os.path.dirname(os.path.abspath(__file__))
data = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('VAKT_SENTIMENT_DATA', os.path.join(here, '../../../../shared/data/sentiment'))
path = os.path.join(data, 'absabank-imm', 'train-dev.jsonl')
if not os.path.exists(path):
    sys.exit(f'{path} not found: pass the sentiment data directory as the first argument')
rows = [json.loads(line) for line in open(path, encoding='utf-8') if line.strip()]
train = [r for r in rows if r['split'] == 'train']
dev = [r for r in rows if r['split'] == 'dev']


def vectorizer(features):
    words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    if features == 'word':
        return words
    return make_union(words, TfidfVectorizer(analyzer='char_wb', ngram_range=(2, 5), min_df=2, sublinear_tf=True))


print(f'ABSAbank-Imm: {len(train)} train rows, {len(dev)} dev rows; macro-F1 on dev')
best = (0.0, '')
for features in ('word', 'word+char'):
    vec = vectorizer(features)
    x_train = vec.fit_transform([r['text'] for r in train])
    x_dev = vec.transform([r['text'] for r in dev])
    for c in (0.3, 1, 3, 10):
        for weights in (None, 'balanced'):
            for name, clf in (('logreg', LogisticRegression(C=c, max_iter=2000, class_weight=weights)),
                              ('linear-svm', LinearSVC(C=c / 10, class_weight=weights))):
                clf.fit(x_train, [r['label'] for r in train])
                f1 = f1_score([r['label'] for r in dev], clf.predict(x_dev), average='macro')
                setting = f'{features:9} {name:10} C={c:<4} class_weight={weights}'
                print(f'  {setting}  {f1:.3f}')
                best = max(best, (f1, setting))
print(f'best (chosen on dev, so optimistic): {best[0]:.3f}  {best[1]}')
