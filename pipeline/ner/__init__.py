"""The fine-tuned token-classification model ("fin_ner"): its data, training and spaCy component.

Data flows one way: dataset.py builds examples (gold + weak + synthetic) → train.py fine-tunes
the encoder → component.py runs it inside the spaCy pipeline. windows.py is shared by training
and inference, so both see text cut and labelled the same way.
"""
