#!/usr/bin/env python3
"""Write a deterministic corpus of health-marketing Markdown articles for klint's benchmark.

    python benchmarks/make_corpus.py --files 1000 --out /tmp/klint-corpus [--words 1500] [--seed 1]
    python benchmarks/make_corpus.py --size-mb 5 --out /tmp/klint-corpus-5mb

Why a generator and not real pages: the benchmark needs thousands of documents that look like
what klint is for (clinic blogs about ketamine, SSRIs, GLP-1 drugs, TMS ...), that plant the
things klint's rules look for at known rates (wrong mechanisms, false regulatory claims,
unsourced numbers, absolutes, missing crisis lines, contradictions within and across
documents) and that anyone can rebuild byte for byte.  Sentences are assembled from phrase
pools, so no two documents read alike and the rule engine sees realistic variety.

Determinism: document i is drawn from ``random.Random(f"{seed}:{i}")`` only, so it is the
same whatever ``--files`` says (corpus 100 is a prefix of corpus 10000).  Only the standard
library is used.  ``DIR/manifest.json`` records what was planted in each file.

Importable: ``generate(out_dir, files, words, seed, site)`` and ``generate_large(...)``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SITE = "harborview-wellness"
DEFAULT_WORDS = 1500
MANIFEST = "manifest.json"

# ---------------------------------------------------------------------------------------------
# Phrase pools.  A "{name}" inside a phrase is filled from the article's own slots first, then
# from these pools (recursively), so one template yields many sentences.
# ---------------------------------------------------------------------------------------------

POOLS: dict[str, tuple[str, ...]] = {
    "city": (
        "Denver",
        "Austin",
        "Portland",
        "Columbus",
        "Raleigh",
        "Tucson",
        "Madison",
        "Boise",
        "Richmond",
        "Sacramento",
        "Chattanooga",
        "Albuquerque",
    ),
    "timeframe": (
        "a few hours",
        "the first day",
        "the first week",
        "two to three weeks",
        "the first few sessions",
        "about a month",
        "six to eight weeks",
    ),
    "clinician": (
        "our psychiatrists",
        "our nurse practitioners",
        "a board-certified anesthesiologist",
        "the care team",
        "your prescriber",
        "our medical director",
        "a licensed therapist",
        "the intake nurse",
    ),
    "people": (
        "patients",
        "adults",
        "many people",
        "our clients",
        "people living with {C}",
        "adults with {C}",
    ),
    "soft_open": (
        "",
        "",
        "",
        "In practice, ",
        "For most people, ",
        "In our experience, ",
        "Put simply, ",
        "It helps to know that ",
        "Before anything else, ",
        "As a rule, ",
    ),
    "visit_part": (
        "a short check of blood pressure and heart rate",
        "a conversation about how the past week went",
        "a quiet room with dimmed lights and a blanket",
        "a questionnaire that tracks mood from visit to visit",
        "time to rest before anyone drives you home",
        "a review of the medicines you already take",
    ),
    "support": (
        "talk therapy",
        "regular exercise",
        "a steady sleep schedule",
        "support from family and friends",
        "a peer support group",
        "journaling between sessions",
        "integration sessions with a therapist",
    ),
    "cost_note": (
        "Many insurance plans cover the psychiatric evaluation but not the treatment itself.",
        "We give a written estimate before the first visit, so there are no surprises.",
        "Health savings accounts can often be used for these visits.",
        "Ask your insurer whether prior authorization is needed; our front desk can help with the forms.",
        "Payment plans are available for a series of sessions.",
    ),
    "booking": (
        "[book a consultation](/contact)",
        "[request an evaluation](/appointments)",
        "[call our front desk](tel:+15550142)",
        "[fill in the intake form](/intake)",
        "[schedule a free phone screening](/screening)",
    ),
    "author": (
        "Dr. Maya Lindqvist, MD",
        "Dr. Samuel Okafor, DO",
        "Priya Raman, PMHNP-BC",
        "Dr. Elena Moreau, PhD",
        "The Clinical Team",
        "Jordan Ellis, LCSW",
        "Dr. Hiro Takahashi, MD",
        "Dr. Amara Haddad, MD",
    ),
    "surname": (
        "Okafor",
        "Lindqvist",
        "Brennan",
        "Takahashi",
        "Moreau",
        "Raman",
        "Kowalski",
        "Haddad",
        "Ferreira",
        "Albright",
        "Nakamura",
        "Osei",
        "Villanueva",
        "Sørensen",
    ),
    "journal": (
        "Journal of Interventional Psychiatry",
        "Clinical Mood Research",
        "Neuropsychiatric Therapeutics",
        "Metabolic Medicine Review",
        "Addiction Science Quarterly",
        "Annals of Applied Psychopharmacology",
        "Pain and Neuromodulation",
    ),
    "study_desc": (
        "a randomized controlled trial",
        "a double-blind trial",
        "an open-label study",
        "a pooled analysis of several trials",
        "a registry of clinic patients",
        "a small pilot study",
        "a meta-analysis",
    ),
    "first_name": (
        "Dana",
        "Marcus",
        "Leah",
        "Tomás",
        "Aisha",
        "Grant",
        "Mei",
        "Rosa",
        "Kofi",
        "Hannah",
        "Luis",
    ),
}

# Sentences with no planted claim: the bulk of every article, and the main source of
# false-positive pressure (numbers that are not statistics, "stimulates" in the right place).
NEUTRAL: tuple[str, ...] = (
    "{soft_open}{C} is a medical condition, not a personal failing, and it deserves the same care as any "
    "other.",
    "{soft_open}the first appointment is a full evaluation with {clinician}, which takes about 60 minutes.",
    "A typical visit includes {visit_parts}.",
    "{soft_open}{T} is only one part of a plan that usually includes {support} and {support}.",
    "We see {people} from {city} and the surrounding towns, and we also offer telehealth follow-ups.",
    "If you already take medication for {C}, keep taking it unless {clinician} tells you otherwise.",
    "Most people who come to us have tried more than one approach before, and that history matters.",
    "Please plan for someone to drive you home; you should not drive until the next day.",
    "{soft_open}it is normal to feel tired after a session, so we suggest keeping the rest of the day light.",
    "Our clinic in {city} is open from 8 a.m. to 6 p.m. on weekdays, with some Saturday appointments.",
    "Bring a list of your current medicines, including supplements, to the first visit.",
    "{cost_note}",
    "{soft_open}we measure progress with the same short questionnaire at every visit, so changes are easy "
    "to see.",
    "Recovery from {C} rarely follows a straight line, and setbacks do not mean the plan has failed.",
    "You can {booking} or ask your own doctor to send a referral.",
    "{clinician_cap} will explain the risks and the alternatives before you decide anything.",
    "Sessions are spaced out over several weeks, and the schedule is adjusted to how you respond.",
    "Eating a light meal several hours before treatment helps some people avoid an upset stomach.",
    "Family members are welcome at the consultation if you would like them there.",
    "We coordinate with your primary care doctor and your therapist, with your permission.",
    "The waiting room is quiet, and most appointments start on time.",
    "{soft_open}good sleep, regular meals and time outdoors make every treatment for {C} easier to judge.",
    "If something about a session feels wrong, tell the nurse right away; you can stop at any time.",
    "Some people notice changes in mood first, while others notice better sleep or more energy.",
    "Write down how you feel each evening for the first two weeks; it makes follow-up visits more useful.",
    "{soft_open}the plan is reviewed after the first four to six sessions.",
    "Our staff includes nurses, physicians and therapists who work together on every case.",
    "There is parking behind the building, and the entrance is step-free.",
    "Telehealth check-ins take about 20 minutes and can be done from home.",
    "Questions about billing go to the front desk, and questions about treatment go to {clinician}.",
    "Not every person with {C} is a good fit for {T}, and a careful screening comes first.",
    "{soft_open}we ask about blood pressure, heart problems, pregnancy and past substance use during "
    "screening.",
    "The science behind {T} is still developing, and we update our protocols as new trials are published.",
    "Keep appointments with your regular therapist during treatment; the two work best together.",
    "Many people find it helps to set an intention or a question before each session.",
    "We send a reminder by text two days before every appointment.",
)

# Headings: section kind -> H2 phrasings.
HEADINGS: dict[str, tuple[str, ...]] = {
    "overview": ("What is {T_title}?", "{T_title} at a Glance", "Understanding {T_title}", "The Basics"),
    "mechanism": (
        "How {T_title} Works",
        "What Happens in the Brain",
        "The Science, Briefly",
        "Mechanism of Action",
    ),
    "regulatory": (
        "Is {T_title} FDA-Approved?",
        "Regulatory Status",
        "What the FDA Says",
        "Approval and Legal Status",
    ),
    "evidence": ("What the Research Shows", "The Evidence", "Results and Outcomes", "By the Numbers"),
    "safety": ("Side Effects and Safety", "Is {T_title} Safe?", "Risks to Know About", "Safety First"),
    "expect": ("What to Expect", "Your First Session", "Step by Step", "How Treatment Unfolds"),
    "candidate": ("Who Is a Good Candidate?", "Is This Right for You?", "Who We Treat", "Eligibility"),
    "stories": ("Patient Stories", "In Their Words", "What Our Patients Say", "Real Experiences"),
    "myths": ("Myths and Facts", "Common Misconceptions", "Separating Fact From Fiction", "Myth Busting"),
    "cost": ("Cost and Insurance", "Paying for Treatment", "Pricing", "Insurance Questions"),
    "faq": ("Frequently Asked Questions", "FAQ", "Questions We Hear Often", "Your Questions, Answered"),
    "clinic": ("About {clinic}", "Why Choose {clinic}?", "Our Approach", "Meet the Team"),
}


@dataclass(frozen=True)
class Treatment:
    """What copy about one treatment says, right and wrong (after shared/facts.md, own wording)."""

    key: str
    names: tuple[str, ...]
    title: str
    conditions: tuple[str, ...]
    right: tuple[str, ...]  # correct mechanism statements
    wrong: tuple[str, ...]  # wrong mechanism statements
    reg_true: tuple[str, ...]
    reg_false: tuple[str, ...]
    effects: tuple[str, ...]
    off_label: bool = False  # copy about it needs an off-label note
    slots: dict[str, tuple[str, ...]] = field(default_factory=dict)


TREATMENTS: tuple[Treatment, ...] = (
    Treatment(
        key="ketamine",
        names=("ketamine", "ketamine", "IV ketamine", "ketamine infusion therapy", "low-dose ketamine"),
        title="Ketamine Therapy",
        conditions=("treatment-resistant depression", "PTSD", "anxiety", "chronic pain", "OCD", "depression"),
        right=(
            "{T} {k_block} NMDA receptors, {nmda_gloss}.",
            "{T} is an NMDA receptor antagonist: it {k_block} the receptor's channel instead of opening it.",
            "By {k_blocking} NMDA receptors on inhibitory nerve cells, {T} is thought to set off a brief "
            "burst of glutamate signalling that helps new connections form.",
            "The leading explanation is that {T} {k_block} NMDA receptors, which leads to a rise in BDNF "
            "and the growth of new synapses over the following days.",
        ),
        wrong=(
            "{T} {k_stim} NMDA receptors, {nmda_gloss}.",
            "By {k_stimming} NMDA receptors, {T} floods the brain with healing activity.",
            "{T} works like an SSRI, {boosting} serotonin within minutes.",
            "{T} is an NMDA receptor agonist, which is why it acts so much faster than older "
            "antidepressants.",
        ),
        reg_true=(
            "Ketamine has been FDA-approved as an anesthetic since 1970; using it for {C} is off-label.",
            "Ketamine is a Schedule III controlled substance, so every dose is recorded and tracked.",
            "The FDA has not approved racemic ketamine for any psychiatric condition, including {C}.",
            "Compounded ketamine troches and nasal sprays are not FDA-approved products.",
        ),
        reg_false=(
            "{T} is FDA-approved for {C}.",
            "Ketamine infusions are FDA-approved for treatment-resistant depression.",
            "Ketamine is not a controlled substance when a doctor prescribes it.",
            "Ketamine is a Schedule II drug, the same category as morphine.",
            "Our at-home ketamine troches are FDA-approved and as safe as treatment in the clinic.",
        ),
        effects=(
            "dissociation",
            "dizziness",
            "nausea",
            "a rise in blood pressure",
            "drowsiness",
            "blurred vision",
        ),
        off_label=True,
        slots={
            "k_block": ("blocks", "antagonizes", "blocks", "dampens activity at"),
            "k_blocking": ("blocking", "antagonizing", "damping down"),
            "k_stim": ("stimulates", "activates", "switches on", "boosts", "supercharges"),
            "k_stimming": ("stimulating", "activating", "switching on", "boosting"),
            "nmda_gloss": (
                "a type of glutamate receptor found throughout the brain",
                "which help control how nerve cells talk to each other",
                "the same receptors involved in learning and memory",
                "a key part of the brain's glutamate system",
            ),
            "boosting": ("boosting", "raising", "flooding the brain with"),
        },
    ),
    Treatment(
        key="esketamine",
        names=("esketamine", "Spravato", "esketamine nasal spray"),
        title="Spravato (Esketamine)",
        conditions=("treatment-resistant depression", "major depression with suicidal thoughts"),
        right=(
            "Esketamine is the S-enantiomer of ketamine and, like ketamine, it {k_block} NMDA receptors.",
            "{T} is a non-competitive NMDA receptor antagonist delivered as a nasal spray.",
        ),
        wrong=(
            "{T} {k_stim} NMDA receptors to restart healthy brain signalling.",
            "{T} is simply ketamine in a spray bottle, identical to the IV ketamine we offer.",
        ),
        reg_true=(
            "Spravato was approved by the FDA in March 2019 for treatment-resistant depression in adults, "
            "used together with an oral antidepressant.",
            "Spravato is only given in certified treatment centers under a REMS program, with at least two "
            "hours of observation after each dose.",
            "In January 2025 the FDA approved Spravato as a stand-alone treatment for treatment-resistant "
            "depression.",
        ),
        reg_false=(
            "Spravato is approved for use at home once you have had a few supervised doses.",
            "Spravato has been FDA-approved since 2015.",
            "Spravato is approved to prevent suicide.",
        ),
        effects=("dissociation", "dizziness", "nausea", "sedation", "vertigo", "increased blood pressure"),
        slots={
            "k_block": ("blocks", "antagonizes"),
            "k_stim": ("stimulates", "activates", "switches on"),
        },
    ),
    Treatment(
        key="ssri",
        names=("sertraline", "fluoxetine", "escitalopram", "an SSRI", "SSRI medication"),
        title="SSRI Antidepressants",
        conditions=("depression", "generalized anxiety", "panic disorder", "OCD", "PTSD"),
        right=(
            "{T} {s_inhibit} the reuptake of serotonin by blocking the serotonin transporter.",
            "SSRIs such as {T} block the serotonin transporter, so serotonin stays in the synapse longer.",
            "{T} does not make more serotonin; it slows how fast nerve cells take serotonin back up.",
        ),
        wrong=(
            "{T} {s_boost} serotonin production in the brain.",
            "{T} makes your brain produce more serotonin, fixing the chemical imbalance behind {C}.",
            "{T} works by increasing the amount of serotonin your body makes.",
        ),
        reg_true=(
            "Sertraline is FDA-approved for major depression, OCD, panic disorder, PTSD and social anxiety "
            "disorder.",
            "All antidepressants carry a boxed warning about suicidal thoughts in people under 25.",
        ),
        reg_false=(
            "SSRIs are Schedule IV controlled substances.",
            "Sertraline is only approved for treatment-resistant depression.",
        ),
        effects=("nausea", "sleep changes", "sexual side effects", "headache", "restlessness"),
        slots={
            "s_inhibit": ("inhibits", "blocks", "slows"),
            "s_boost": ("boosts", "increases", "ramps up", "stimulates"),
        },
    ),
    Treatment(
        key="bupropion",
        names=("bupropion", "Wellbutrin"),
        title="Bupropion",
        conditions=("depression", "seasonal depression", "smoking cessation"),
        right=(
            "{T} inhibits the reuptake of norepinephrine and dopamine, which sets it apart from SSRIs.",
            "{T} is a norepinephrine-dopamine reuptake inhibitor with little direct effect on serotonin.",
        ),
        wrong=(
            "{T} is an SSRI that {s_boost} serotonin levels.",
            "{T} is a stimulant that works like an amphetamine.",
        ),
        reg_true=(
            "Bupropion is FDA-approved for major depression, seasonal affective disorder and quitting "
            "smoking.",
        ),
        reg_false=("Bupropion is FDA-approved for ADHD in adults.",),
        effects=("dry mouth", "insomnia", "headache", "a small risk of seizures"),
        slots={"s_boost": ("boosts", "raises")},
    ),
    Treatment(
        key="psilocybin",
        names=("psilocybin", "psilocybin therapy", "psilocybin-assisted therapy"),
        title="Psilocybin Therapy",
        conditions=("treatment-resistant depression", "end-of-life anxiety", "alcohol use disorder"),
        right=(
            "Psilocybin is converted in the body to psilocin, which {p_agon} serotonin 5-HT2A receptors.",
            "Psilocin, the active form of {T}, is a partial agonist at 5-HT2A receptors.",
        ),
        wrong=(
            "{T} {p_block} serotonin receptors, which quiets the anxious mind.",
            "{T} permanently rewires the brain after a single dose.",
        ),
        reg_true=(
            "Psilocybin remains a Schedule I substance under federal law.",
            "The FDA gave psilocybin breakthrough therapy designation for treatment-resistant depression in "
            "2018, "
            "which is not an approval.",
            "Outside clinical trials, supervised psilocybin services are legal only in state programs such "
            "as "
            "Oregon's and Colorado's.",
        ),
        reg_false=(
            "Psilocybin therapy is FDA-approved for depression.",
            "Psilocybin is now legal in all fifty states.",
        ),
        effects=("nausea", "anxiety during the session", "headache", "raised blood pressure"),
        off_label=True,
        slots={
            "p_agon": ("activates", "stimulates", "acts as a partial agonist at"),
            "p_block": ("blocks", "shuts down"),
        },
    ),
    Treatment(
        key="semaglutide",
        names=("semaglutide", "Wegovy", "Ozempic", "compounded semaglutide"),
        title="Semaglutide",
        conditions=("obesity", "type 2 diabetes", "weight management"),
        right=(
            "{T} is a GLP-1 receptor agonist: it {g_act} GLP-1 receptors, slowing digestion and reducing "
            "appetite.",
            "By {g_acting} the GLP-1 receptor, {T} mimics a gut hormone released after meals.",
        ),
        wrong=(
            "{T} {g_block} GLP-1 receptors, so your body stops storing fat.",
            "{T} burns fat directly while you sleep.",
        ),
        reg_true=(
            "Wegovy was approved by the FDA for chronic weight management in 2021.",
            "Compounded semaglutide is not FDA-approved; the FDA does not review its safety or quality.",
            "Semaglutide products carry a boxed warning about thyroid C-cell tumors.",
        ),
        reg_false=(
            "Our compounded semaglutide is FDA-approved.",
            "Compounded semaglutide is generic Ozempic, with the same active ingredient and approval.",
        ),
        effects=("nausea", "vomiting", "constipation", "diarrhea", "stomach pain"),
        slots={
            "g_act": ("activates", "stimulates", "switches on"),
            "g_acting": ("activating", "stimulating"),
            "g_block": ("blocks", "shuts off", "inhibits"),
        },
    ),
    Treatment(
        key="tirzepatide",
        names=("tirzepatide", "Zepbound", "Mounjaro"),
        title="Tirzepatide",
        conditions=("obesity", "type 2 diabetes", "sleep apnea with obesity"),
        right=("{T} activates both GIP and GLP-1 receptors, which is why it is called a dual agonist.",),
        wrong=(
            "{T} is a form of insulin that forces your cells to burn sugar.",
            "{T} works only on GLP-1 receptors, exactly like semaglutide.",
        ),
        reg_true=("Zepbound was approved by the FDA for chronic weight management in November 2023.",),
        reg_false=("Generic Mounjaro is FDA-approved and available from compounding pharmacies.",),
        effects=("nausea", "diarrhea", "decreased appetite", "vomiting"),
    ),
    Treatment(
        key="naltrexone",
        names=("naltrexone", "low-dose naltrexone", "LDN"),
        title="Naltrexone and LDN",
        conditions=("alcohol use disorder", "opioid use disorder", "fibromyalgia", "long COVID"),
        right=("{T} is an opioid receptor antagonist: it {k_block} mu-opioid receptors.",),
        wrong=(
            "{T} is itself an opioid that {k_stim} opioid receptors at a lower dose.",
            "{T} {k_stim} endorphin receptors to switch cravings off.",
        ),
        reg_true=(
            "Naltrexone is FDA-approved for alcohol use disorder and for opioid use disorder after detox.",
            "Low-dose naltrexone is prescribed off-label and is usually compounded.",
        ),
        reg_false=(
            "Low-dose naltrexone is FDA-approved for fibromyalgia and long COVID.",
            "LDN is an FDA-approved immune booster.",
        ),
        effects=("vivid dreams", "headache", "nausea", "trouble sleeping"),
        off_label=True,
        slots={"k_block": ("blocks", "antagonizes"), "k_stim": ("stimulates", "activates")},
    ),
    Treatment(
        key="tms",
        names=("TMS", "transcranial magnetic stimulation", "rTMS"),
        title="TMS Therapy",
        conditions=("depression", "OCD", "smoking cessation"),
        right=(
            "{T} uses magnetic pulses to stimulate nerve cells in the prefrontal cortex, an area that is "
            "often "
            "underactive in depression.",
            "During {T}, a coil held against the scalp induces small electrical currents that activate "
            "cortical "
            "neurons.",
        ),
        wrong=(
            "{T} sends electric shocks through the brain to reset its chemistry.",
            "{T} blocks overactive brain cells with a magnetic field.",
        ),
        reg_true=(
            "TMS devices are FDA-cleared for major depression, and some are cleared for OCD.",
            "TMS systems reach the market through FDA clearance, not drug-style approval.",
        ),
        reg_false=(
            "TMS is an FDA-approved drug-free cure for depression.",
            "TMS is FDA-approved for anxiety and PTSD.",
        ),
        effects=("scalp discomfort", "headache", "lightheadedness", "a very small risk of seizures"),
    ),
    Treatment(
        key="zuranolone",
        names=("zuranolone", "Zurzuvae"),
        title="Zuranolone (Zurzuvae)",
        conditions=("postpartum depression",),
        right=(
            "{T} is a neuroactive steroid that acts as a positive allosteric modulator of GABA-A receptors.",
        ),
        wrong=(
            "{T} is a fast-acting SSRI.",
            "{T} is a hormone replacement that restores estrogen after birth.",
        ),
        reg_true=("Zuranolone was approved by the FDA in August 2023 for postpartum depression in adults.",),
        reg_false=("Zuranolone is FDA-approved for major depressive disorder in general.",),
        effects=("drowsiness", "dizziness", "diarrhea", "fatigue"),
    ),
    Treatment(
        key="nad",
        names=("NAD+ therapy", "IV NAD+", "NAD+ infusions"),
        title="NAD+ IV Therapy",
        conditions=("fatigue", "brain fog", "addiction recovery"),
        right=("NAD+ is a coenzyme that cells use in energy metabolism; it is not a receptor drug.",),
        wrong=("{T} repairs damaged DNA and reverses aging at the cellular level.",),
        reg_true=("No IV NAD+ product is FDA-approved for any condition.",),
        reg_false=("{T} is FDA-approved for addiction recovery.", "Our NAD+ drips are FDA-certified."),
        effects=("flushing", "nausea", "chest tightness during the infusion", "headache"),
        off_label=True,
    ),
)

ABSOLUTE: tuple[str, ...] = (
    "{T_cap} has no side effects.",
    "{T_cap} is 100% safe.",
    "{T_cap} is completely risk-free when you choose {clinic}.",
    "{T_cap} cures {C}.",
    "{T_cap} works for everyone, even when nothing else has.",
    "{T_cap} gives permanent relief from {C}.",
    "{T_cap} is not addictive.",
    "Results are guaranteed, or your next session is free.",
    "{T_cap} is a miracle cure for {C}.",
    "With {T}, {C} is gone for good.",
    "There are zero side effects with {T}.",
    "{T_cap} is totally safe for every patient.",
)

HEDGED: tuple[str, ...] = (
    "{T_cap} may ease symptoms of {C} for some people.",
    "{T_cap} is generally well tolerated when it is given under medical supervision.",
    "{T_cap} helps many patients, but not all of them, and some do not respond.",
    "{T_cap} carries a risk of misuse, which is why we screen and monitor every patient.",
    "Like any treatment, {T} can cause side effects, most of them short-lived.",
    "Some people notice a change within days; others need several weeks, and some notice none.",
    "{T_cap} is not a cure for {C}, but it can be a useful part of treatment.",
)

STAT_TEMPLATES: tuple[str, ...] = (
    "{pct}% of {people} in {study_desc} reported a meaningful drop in symptoms within {timeframe}",
    "about {small} in 10 {people} who try {T} feel better after {sessions} sessions",
    "{T} works {times} times faster than traditional antidepressants",
    "more than {count} patients have been treated with {T} at clinics like ours",
    "{nstudies} published studies have looked at {T} for {C}",
    "response rates as high as {pct}% have been reported for {T}",
    "remission rates reached {pct2}% at four weeks in {study_desc}",
    "{pct}% of patients stayed in treatment for at least six months",
    "symptoms fell by an average of {pct2}% on a standard depression scale",
)

TESTIMONIAL: tuple[str, ...] = (
    "I had tried {n_meds} different medications before {T}. After my third session I could finally get out "
    "of bed and go for a walk.",
    "The staff made me feel safe from the moment I walked in. I still have hard days, but fewer of them.",
    "I was nervous about the side effects, and yes, the first session felt strange. By the second week my "
    "sleep was better.",
    "My therapist and the team here worked together, and that made all the difference.",
    "It was not a quick fix for me, but it gave me enough room to do the work in therapy.",
)
TESTIMONIAL_ABSOLUTE: tuple[str, ...] = (
    "I was cured after one session! My {C} is completely gone.",
    "It worked instantly and I have had zero side effects. I tell everyone it is a miracle.",
)

REF_TITLES: tuple[str, ...] = (
    "efficacy of {T0} in adults with {C}: a randomized trial",
    "{T0} for {C}: twelve-month outcomes",
    "safety and tolerability of {T0} in {C}",
    "rapid response to {T0} in {C}: a pooled analysis",
    "{T0} versus usual care for {C}",
    "predictors of response to {T0} in a community clinic",
)

CRISIS: tuple[str, ...] = (
    "> **If you are thinking about suicide**, call or text **988** to reach the 988 Suicide & Crisis "
    "Lifeline, or chat at [988lifeline.org](https://988lifeline.org). If you are in immediate danger, "
    "call 911.",
    "> **Need help now?** Call or text 988 (Suicide & Crisis Lifeline), available 24/7, free and "
    "confidential. In an emergency, call 911 or go to the nearest emergency room.",
    "**Crisis support:** if you or someone you know is in crisis, call or text 988 any time, day or night.",
)
SUICIDE_MENTION: tuple[str, ...] = (
    "Many of the people we see have lived with {C} for years, and some have had thoughts of suicide.",
    "{T_cap} has been studied in people with suicidal thoughts, but it is not a replacement for emergency "
    "care.",
    "Depression that does not respond to treatment raises the risk of suicide, which is why fast, "
    "supervised options matter.",
    "If you have had thoughts of ending your life, tell {clinician} at your first visit.",
)
SUICIDE_STIGMA: tuple[str, ...] = (
    "Our founder started the clinic after a close friend committed suicide.",
    "Sadly, a failed suicide attempt is often what brings people to treatment.",
)

DISCLAIMER_MEDICAL: tuple[str, ...] = (
    "*This article is for educational purposes only and is not medical advice. Talk to your doctor before "
    "starting, stopping or changing any treatment.*",
    "**Disclaimer:** the information on this page is general information, not medical advice, and does not "
    "replace a consultation with a qualified clinician.",
    "_Educational content only; not a substitute for professional medical advice, diagnosis or treatment._",
)
DISCLAIMER_OFFLABEL: tuple[str, ...] = (
    "*Ketamine is FDA-approved as an anesthetic. Its use for {C} is off-label.*",
    "**Off-label use:** {T} is not FDA-approved for {C}; your clinician will explain what that means for "
    "you.",
)
DISCLAIMER_RESULTS: tuple[str, ...] = (
    "*Individual results vary. The experiences above are not typical of every patient.*",
    "_Results vary from person to person; many patients improve gradually, and some do not respond._",
)

CODE_BLOCKS: tuple[str, ...] = (
    '```html\n<script type="application/ld+json">\n{\n  "@context": "https://schema.org",\n'
    '  "@type": "MedicalClinic",\n  "name": "{clinic}",\n  "address": {"addressLocality": "{city}"},\n'
    '  "medicalSpecialty": "Psychiatric"\n}\n</script>\n```',
    '```yaml\nbooking_widget:\n  clinic: "{clinic}"\n  service: "{T}"\n  slots_per_day: {sessions}\n'
    "  reminder_hours: 48\n```",
    '```json\n{"event": "consult_booked", "service": "{T}", "city": "{city}"}\n```',
)
INLINE_CODE: tuple[str, ...] = (
    "Billing uses code `CPT 90792` for the psychiatric evaluation.",
    "Ask your insurer about code `F33.2` if your diagnosis is recurrent major depression.",
    "Our booking page accepts the promo field `FIRSTVISIT` for a free phone screening.",
    "The visit note lists the diagnosis as `ICD-10 F41.1` for generalized anxiety.",
)

_SLOT = re.compile(r"\{(\w+)\}")
_LINK = re.compile(r"\]\(|\]\[(?!\^)")
_PROPER = frozenset(n.split(" ")[0] for t in TREATMENTS for n in t.names if n[:1].isupper()) | {
    "Psilocin",
    "Esketamine",
    "Results",
    "With",
    "There",
}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _decap(text: str) -> str:
    """Lower-case a sentence's first letter for use mid-sentence, sparing names and acronyms."""
    word = text.split(" ", 1)[0]
    if word[1:2].isupper() or word.rstrip(",.") in _PROPER:
        return text
    return text[:1].lower() + text[1:]


@dataclass
class Article:
    """One document under construction: its random stream, slots, parts and planted counts."""

    rng: random.Random
    clinic: str
    treatment: Treatment
    slots: dict[str, str]
    parts: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    footnotes: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    link_defs: dict[str, str] = field(default_factory=dict)
    words: int = 0
    footnote_base: int = 0  # footnote numbers continue from here (the one-large-file mode)

    # -- filling -------------------------------------------------------------------------------

    def fill(self, template: str, depth: int = 0) -> str:
        """Fill {slots} from the article, the treatment, then the shared pools."""

        def one(m: re.Match[str]) -> str:
            name = m.group(1)
            if name in self.slots:
                return self.slots[name]
            pool = self.treatment.slots.get(name) or POOLS.get(name)
            if pool is not None:
                value = self.rng.choice(pool)
                return self.fill(value, depth + 1) if depth < 4 and "{" in value else value
            maker = _DYNAMIC.get(name)
            if maker is not None:
                return maker(self)
            raise KeyError(f"no slot or pool named {name!r}")

        return _SLOT.sub(one, template)

    def sentence(self, template: str) -> str:
        return _cap(self.fill(template))

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def add(self, block: str) -> None:
        self.parts.append(block)
        self.words += len(block.split())

    def neutral(self, n: int) -> list[str]:
        return [self.sentence(t) for t in self.rng.sample(NEUTRAL, n)]

    def paragraph(self, planted: Iterable[str] = (), neutral: tuple[int, int] = (3, 5)) -> None:
        """A paragraph of neutral sentences with the planted ones placed at random."""
        sentences = self.neutral(self.rng.randint(*neutral))
        for s in planted:
            sentences.insert(self.rng.randint(0, len(sentences)), s)
        self.add(" ".join(sentences))

    def treatment_name(self) -> str:
        return self.rng.choice(self.treatment.names)

    # -- planted items -------------------------------------------------------------------------

    def mechanism(self, right: bool) -> str:
        self.count("mechanism_right" if right else "mechanism_wrong")
        self.slots["T"] = self.treatment_name()
        return self.sentence(self.rng.choice(self.treatment.right if right else self.treatment.wrong))

    def regulatory(self, true: bool) -> str:
        self.count("regulatory_true" if true else "regulatory_false")
        pool = self.treatment.reg_true if true else self.treatment.reg_false
        return self.sentence(self.rng.choice(pool))

    def absolute(self) -> str:
        self.count("absolute")
        return self.sentence(self.rng.choice(ABSOLUTE))

    def hedged(self) -> str:
        self.count("hedged")
        return self.sentence(self.rng.choice(HEDGED))

    def citation(self) -> str:
        """A citation in one of the four styles copy uses, registering its reference."""
        rng = self.rng
        year = rng.randint(2006, 2025)
        first, second = rng.sample(POOLS["surname"], 2)
        title = _cap(self.fill(rng.choice(REF_TITLES)))
        doi = f"10.5555/kb.{year}.{rng.randint(100, 9999):04d}"
        initials = rng.sample("ABCDEFGHJKLMNPRSTVW", 3)
        authors = f"{first} {initials[0]}{initials[1]}, {second} {initials[2]}"
        volume = f"{year};{rng.randint(3, 48)}:{rng.randint(1, 900)}"
        ref = f"{authors}. {title}. *{rng.choice(POOLS['journal'])}*. {volume}."
        style = rng.randrange(4)
        self.count("citations")
        if style == 0:
            self.references.append(ref)
            return f" ({first} et al., {year})"
        if style == 1:
            n = self.footnote_base + len(self.footnotes) + 1
            self.footnotes.append(f"[^{n}]: {ref} doi:{doi}")
            self.count("footnotes")
            return f"[^{n}]"
        if style == 2:
            return f" ([{first} {year}](https://doi.org/{doi}))"
        self.references.append(ref)
        return f" [{len(self.references)}]"

    def statistic(self, cited: bool) -> str:
        self.count("stat_cited" if cited else "stat_uncited")
        body = self.fill(self.rng.choice(STAT_TEMPLATES))
        lead = self.rng.choice(
            ("", "", "Studies show that ", "Research suggests ", "In one report, ", "Remarkably, ")
        )
        text = _cap(lead + body)
        return text + (self.citation() if cited else "") + "."

    def myth(self) -> str:
        """A wrong claim framed as a myth and corrected: a place where rules must not fire."""
        self.count("myth")
        wrong_mech = bool(self.treatment.wrong) and self.rng.random() < 0.6
        self.slots["T"] = self.treatment_name()
        if wrong_mech:
            claim = self.fill(self.rng.choice(self.treatment.wrong))
            fact = self.fill(self.rng.choice(self.treatment.right))
        else:
            claim = self.fill(self.rng.choice(ABSOLUTE))
            fact = self.fill(self.rng.choice(HEDGED))
        claim, fact = claim.rstrip("."), _cap(fact)
        form = self.rng.randrange(3)
        if form == 0:
            return f"**Myth:** {_cap(claim)}.  \n**Fact:** {fact}"
        if form == 1:
            return f"You may have read that {_decap(claim)}. That is not accurate. {fact}"
        return f"It is a common misconception that {_decap(claim)}. The facts: {fact}"

    # -- site facts (what differs across documents of one site) ------------------------------

    def side_effects_claim(self, kind: str) -> str:
        effects = self.rng.sample(self.treatment.effects, min(3, len(self.treatment.effects)))
        listed = ", ".join(effects[:-1]) + " and " + effects[-1]
        if kind == "rare":
            template = self.rng.choice(
                (
                    "Side effects of {T} are rare, and most patients feel nothing unusual.",
                    "Side effects are rare with {T}; fewer than 1 in 100 patients notice any.",
                    "Serious or even mild side effects are rare when {T} is given in our clinic.",
                )
            )
            if "1 in 100" in template:
                self.count("stat_uncited")
            return self.sentence(template)
        return self.sentence(
            self.rng.choice(
                (
                    "Side effects of {T} are common but usually short-lived; they include " + listed + ".",
                    "Most people have at least one side effect, such as " + listed + ", and it usually fades "
                    "within hours.",
                    "Side effects are common, so we monitor every session; the usual ones are "
                    + listed
                    + ".",
                )
            )
        )

    def history_claim(self, kind: str) -> str:
        if kind == "1970":
            return self.rng.choice(
                (
                    "Ketamine was first approved by the FDA in 1970, as an anesthetic.",
                    "The FDA approved ketamine in 1970 for anesthesia, and it has been used in operating "
                    "rooms "
                    "ever since.",
                    "Ketamine was synthesized in 1962 and approved for anesthesia in 1970.",
                )
            )
        return self.rng.choice(
            (
                "Ketamine has been FDA-approved since the 1960s.",
                "Doctors have used FDA-approved ketamine since the 1960s.",
                "Ketamine has held FDA approval since the mid-1960s, so it is anything but new.",
            )
        )


def _dyn_pct(a: Article) -> str:
    return str(a.rng.choice((38, 45, 52, 58, 61, 64, 67, 70, 71, 74, 78, 80, 83, 85, 90, 92)))


_DYNAMIC: dict[str, Callable[[Article], str]] = {
    "pct": _dyn_pct,
    "pct2": lambda a: str(a.rng.randint(18, 55)),
    "small": lambda a: str(a.rng.randint(5, 9)),
    "sessions": lambda a: str(a.rng.randint(2, 6)),
    "times": lambda a: a.rng.choice(("2", "3", "5", "10", "two", "three")),
    "count": lambda a: a.rng.choice(("1,000", "2,500", "5,000", "10,000", "500")),
    "nstudies": lambda a: a.rng.choice(("dozens of", "more than 100", "over 40", "at least 25")),
    "n_meds": lambda a: a.rng.choice(("three", "four", "five", "six")),
    "clinician_cap": lambda a: _cap(a.fill("{clinician}")),
    "T_cap": lambda a: _cap(a.slots["T"]),
    "visit_parts": lambda a: _join(a.rng.sample(POOLS["visit_part"], 3)),
}


# ---------------------------------------------------------------------------------------------
# Sections.  Each writes one H2 section and plants its share of items.
# ---------------------------------------------------------------------------------------------


def _h2(a: Article, kind: str) -> None:
    a.add("## " + a.fill(a.rng.choice(HEADINGS[kind])))


def _bullets(a: Article, items: list[str], numbered: bool = False) -> None:
    lines = [f"{i}. {x}" if numbered else f"- {x}" for i, x in enumerate(items, 1)]
    if not numbered and len(lines) > 2 and a.rng.random() < 0.25:  # a nested list now and then
        lines.insert(2, "  - " + a.sentence("{soft_open}ask {clinician} if you are unsure"))
    a.add("\n".join(lines))
    a.count("lists")


def sec_overview(a: Article) -> None:
    _h2(a, "overview")
    a.paragraph([a.hedged()] if a.rng.random() < 0.5 else [])
    a.paragraph([a.absolute()] if a.rng.random() < 0.3 else [])


def sec_mechanism(a: Article) -> None:
    _h2(a, "mechanism")
    wrong = a.treatment.wrong and a.rng.random() < 0.3
    a.paragraph([a.mechanism(not wrong)], (1, 3))
    if a.rng.random() < 0.4:
        a.add(
            "### " + a.fill(a.rng.choice(("Why it is different", "A closer look", "How fast does it work?")))
        )
        a.paragraph([a.mechanism(a.rng.random() < 0.75)], (1, 2))
    if a.rng.random() < 0.25:
        a.add(a.sentence(a.rng.choice(INLINE_CODE)))
        a.count("inline_code")


def sec_regulatory(a: Article) -> None:
    _h2(a, "regulatory")
    planted = [a.regulatory(a.rng.random() < 0.65) for _ in range(a.rng.randint(1, 2))]
    a.paragraph(planted, (1, 2))
    if a.treatment.key in ("ketamine", "esketamine") and "history" in a.slots:
        a.paragraph([a.history_claim(a.slots["history"])], (0, 1))
        a.count("site_history_claims")
    if a.rng.random() < 0.4:
        name, url = a.rng.choice(
            (
                ("FDA's guidance", "https://www.fda.gov/consumers/consumer-updates/it-really-fda-approved"),
                ("DEA drug scheduling", "https://www.dea.gov/drug-information/drug-scheduling"),
                ("REMS program", "https://www.accessdata.fda.gov/scripts/cder/rems/"),
            )
        )
        label = name.lower().replace("'", "").replace(" ", "-")
        a.link_defs[label] = url
        a.add(f"For background, see the [{name}][{label}].")


def sec_evidence(a: Article) -> None:
    _h2(a, "evidence")
    for _ in range(a.rng.randint(1, 2)):
        stats = [a.statistic(a.rng.random() < 0.55) for _ in range(a.rng.randint(1, 3))]
        a.paragraph(stats, (1, 2))
    if a.rng.random() < 0.35:
        _bullets(a, [a.statistic(a.rng.random() < 0.5) for _ in range(3)])


def sec_safety(a: Article) -> None:
    _h2(a, "safety")
    planted: list[str] = []
    kind = a.slots.get("side_effects")
    if kind:
        planted.append(a.side_effects_claim(kind))
        a.count("site_side_effect_claims")
    if a.rng.random() < 0.35:
        planted.append(a.absolute())
    else:
        planted.append(a.hedged())
    a.paragraph(planted, (1, 3))
    items = [_cap(e) for e in a.rng.sample(a.treatment.effects, min(4, len(a.treatment.effects)))]
    _bullets(a, items)
    if a.rng.random() < 0.45:
        _side_effect_table(a)


def _side_effect_table(a: Article) -> None:
    rows = ["| Side effect | How common | How long it lasts |", "|---|---|---|"]
    for e in a.rng.sample(a.treatment.effects, min(3, len(a.treatment.effects))):
        freq = a.rng.choice(("common", "uncommon", "occasional", "varies"))
        rows.append(f"| {_cap(e)} | {freq} | {a.rng.choice(('minutes', 'a few hours', 'up to a day'))} |")
    a.add("\n".join(rows))
    a.count("tables")


def sec_expect(a: Article) -> None:
    _h2(a, "expect")
    a.paragraph([], (1, 2))
    steps = [
        a.sentence("**Consultation.** A full evaluation with {clinician}, about 60 minutes."),
        a.sentence("**Screening.** Questions about your health history, medicines and {C}."),
        a.sentence("**Treatment.** {visit_part_cap}, then the session itself."),
        a.sentence("**Recovery.** {soft_open}you rest for about an hour before going home."),
        a.sentence("**Follow-up.** A check-in within {timeframe}."),
    ]
    _bullets(a, steps[: a.rng.randint(3, 5)], numbered=True)


def sec_candidate(a: Article) -> None:
    _h2(a, "candidate")
    a.paragraph([], (1, 2))
    items = [
        a.fill("Adults living with {C}"),
        "People who have tried two or more treatments without enough relief",
        "Anyone able to arrange a ride home after each session",
        "People without uncontrolled high blood pressure",
        a.fill("Patients who can commit to {support}"),
    ]
    _bullets(a, a.rng.sample(items, a.rng.randint(3, 5)))


def sec_stories(a: Article) -> None:
    _h2(a, "stories")
    for _ in range(a.rng.randint(1, 2)):
        absolute = a.rng.random() < 0.25
        text = a.fill(a.rng.choice(TESTIMONIAL_ABSOLUTE if absolute else TESTIMONIAL))
        if absolute:
            a.count("absolute")
        who = a.fill(f"{{first_name}}, {a.rng.randint(24, 67)}, {{city}}")
        a.add(f"> {text}\n>\n> — {who}")
        a.count("testimonials")
    a.slots["has_testimonial"] = "1"


def sec_myths(a: Article) -> None:
    _h2(a, "myths")
    for _ in range(a.rng.randint(2, 3)):
        a.add(a.myth())


def sec_cost(a: Article) -> None:
    _h2(a, "cost")
    a.paragraph([], (2, 3))
    if a.rng.random() < 0.4:
        rows = ["| Service | Sessions | Typical cost |", "|---|---:|---:|"]
        for service in a.rng.sample(
            ("Consultation", "Single session", "Series of six", "Follow-up visit"), 3
        ):
            rows.append(f"| {service} | {a.rng.randint(1, 6)} | ${a.rng.randrange(150, 2900, 50):,} |")
        a.add("\n".join(rows))
        a.count("tables")


def sec_faq(a: Article) -> None:
    _h2(a, "faq")
    # Planted sentences are made only for the questions drawn, so the counts stay exact.
    questions: list[tuple[str, Callable[[], list[str]], tuple[int, int]]] = [
        ("How long does a session take?", list, (1, 2)),
        ("Is it safe?", lambda: [a.hedged() if a.rng.random() < 0.6 else a.absolute()], (1, 2)),
        ("Will insurance pay for it?", list, (1, 2)),
        ("How soon will I feel better?", lambda: [a.statistic(a.rng.random() < 0.4)], (1, 1)),
        ("Can I keep taking my other medicines?", list, (1, 2)),
    ]
    chosen = a.rng.sample(questions, a.rng.randint(3, 5))
    contradiction = a.slots.pop("contradiction", None)  # written once, in the first FAQ
    if contradiction == "side_effects":
        # The FAQ contradicts the safety section: the in-document contradiction.
        other = "common" if a.slots.get("side_effects") == "rare" else "rare"
        chosen.insert(
            a.rng.randint(0, len(chosen)),
            ("Are side effects common?", lambda: [a.side_effects_claim(other)], (0, 1)),
        )
        a.count("contradictions_within")
    elif contradiction == "history":
        other = "1970" if a.slots.get("history") == "1960s" else "1960s"
        chosen.insert(
            a.rng.randint(0, len(chosen)),
            ("Is ketamine a new drug?", lambda: [a.history_claim(other)], (0, 1)),
        )
        a.count("contradictions_within")
    for q, planted, n in chosen:
        a.add("### " + q)
        a.paragraph(planted(), n)


def sec_clinic(a: Article) -> None:
    _h2(a, "clinic")
    a.paragraph([], (2, 3))
    if a.rng.random() < 0.35:
        a.add(a.sentence("More than {count} patients have trusted {clinic} with their care."))
        a.count("stat_uncited")
    if a.rng.random() < 0.2:
        a.add(a.fill("Paste this snippet into your site to show our booking button:"))
        a.add(a.fill(a.rng.choice(CODE_BLOCKS)))
        a.count("code_blocks")
    a.add(a.sentence("Ready to talk? You can {booking}."))


SECTIONS: dict[str, Callable[[Article], None]] = {
    "overview": sec_overview,
    "mechanism": sec_mechanism,
    "regulatory": sec_regulatory,
    "evidence": sec_evidence,
    "safety": sec_safety,
    "expect": sec_expect,
    "candidate": sec_candidate,
    "stories": sec_stories,
    "myths": sec_myths,
    "cost": sec_cost,
    "faq": sec_faq,
    "clinic": sec_clinic,
}
# Sections that always come, in this order, before the rest are drawn.
_FIRST = ("overview", "mechanism", "regulatory", "evidence", "safety")
_TAIL_WORDS = 130  # roughly what references, crisis block and disclaimers add at the end


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------


def site_title(site: str) -> str:
    return " ".join(w.capitalize() for w in re.split(r"[-_\s]+", site) if w) or "Our Clinic"


def _new_article(rng: random.Random, site: str, footnote_base: int = 0) -> Article:
    """Pick the article's treatment, condition and site facts (the draws that vary across files)."""
    treatment = rng.choice(TREATMENTS)
    condition = rng.choice(treatment.conditions)
    clinic = site_title(site)
    slots = {
        "C": condition,
        "C_title": condition.title() if condition.islower() else condition,
        "T": rng.choice(treatment.names),
        "T_title": treatment.title,
        "T0": treatment.names[0],
        "clinic": clinic,
    }
    a = Article(rng=rng, clinic=clinic, treatment=treatment, slots=slots, footnote_base=footnote_base)
    a.slots["visit_part_cap"] = _cap(rng.choice(POOLS["visit_part"]))
    # Site facts: most documents agree with the label, some do not, so documents of one site
    # contradict each other (the corpus pass) and, sometimes, a document contradicts itself.
    if rng.random() < 0.7:
        a.slots["side_effects"] = "rare" if rng.random() < 0.2 else "common"
    if treatment.key in ("ketamine", "esketamine"):
        a.slots["history"] = "1960s" if rng.random() < 0.25 else "1970"
    roll = rng.random()
    if roll < 0.12 and "side_effects" in a.slots:
        a.slots["contradiction"] = "side_effects"
    elif roll < 0.2 and "history" in a.slots:
        a.slots["contradiction"] = "history"
    return a


def _body(a: Article, words: int) -> None:
    """Intro and sections until the article nears its word target."""
    a.slots["T"] = a.treatment_name()
    intro = [a.hedged()] if a.rng.random() < 0.5 else [a.absolute()]
    if a.rng.random() < 0.3:
        intro.append(a.statistic(cited=False))
    a.paragraph(intro, (2, 3))
    suicide = a.rng.random() < 0.3 or a.treatment.key == "esketamine"
    if suicide:
        a.paragraph([a.sentence(a.rng.choice(SUICIDE_MENTION))], (1, 2))
        a.count("suicide_mentions")
        if a.rng.random() < 0.15:
            a.paragraph([a.rng.choice(SUICIDE_STIGMA)], (0, 1))
            a.count("stigmatizing_terms")
    order = list(_FIRST)
    rest = [k for k in SECTIONS if k not in _FIRST]
    a.rng.shuffle(rest)
    order += rest
    if a.slots.get("contradiction") and "faq" not in order[: len(_FIRST)]:
        order.remove("faq")
        order.insert(len(_FIRST), "faq")  # make sure the contradicting FAQ is written
    i = 0
    while a.words < words - _TAIL_WORDS:
        a.slots["T"] = a.treatment_name()
        SECTIONS[order[i % len(order)]](a)
        if a.rng.random() < 0.6:  # sections run to a few paragraphs, as on real pages
            a.paragraph()
        i += 1
    a.slots["suicide"] = "1" if suicide else ""


def _tail(a: Article) -> None:
    """Crisis block, references, footnotes and disclaimers, present or absent."""
    rng = a.rng
    if a.slots.get("suicide") and rng.random() < 0.55:
        a.add(rng.choice(CRISIS))
        a.count("crisis_line")
    if a.references:
        a.add("## References")
        a.add("\n".join(f"{i}. {r}" for i, r in enumerate(a.references, 1)))
    if a.link_defs:
        a.add("\n".join(f"[{k}]: {v}" for k, v in a.link_defs.items()))
    if a.footnotes:
        a.add("\n".join(a.footnotes))
    disclaimers = []
    if rng.random() < 0.6:
        disclaimers.append(rng.choice(DISCLAIMER_MEDICAL))
        a.count("disclaimer_medical")
    if a.treatment.off_label and rng.random() < 0.5:
        # The first wording names ketamine's approval, so it is kept for ketamine.
        pool = DISCLAIMER_OFFLABEL if a.treatment.key == "ketamine" else DISCLAIMER_OFFLABEL[1:]
        disclaimers.append(a.fill(rng.choice(pool)))
        a.count("disclaimer_offlabel")
    if a.slots.get("has_testimonial") and rng.random() < 0.5:
        disclaimers.append(rng.choice(DISCLAIMER_RESULTS))
        a.count("disclaimer_results")
    if disclaimers:
        a.add("---")
        for d in disclaimers:
            a.add(d)


def _front_matter(a: Article, site: str) -> str:
    rng = a.rng
    title = a.fill(
        rng.choice(
            (
                "{T_title}: What to Know About {C_title}",
                "{T_title} in {city}: A Patient's Guide",
                "Can {T_title} Help With {C_title}?",
                "{T_title} for {C_title}: Benefits, Risks and Costs",
                "Your Questions About {T_title}, Answered",
            )
        )
    )
    description = a.fill(
        rng.choice(
            (
                "How {T} works, what the research says about {C}, and what a visit to {clinic} looks like.",
                "A plain-language guide to {T}: safety, cost, side effects and who it may help.",
                "What patients in {city} should know before trying {T} for {C}.",
            )
        )
    )
    date = f"{rng.randint(2021, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    lines = [
        "---",
        f"title: {json.dumps(title)}",
        f"description: {json.dumps(description)}",
        f"site: {json.dumps(site)}",
        f"date: {date}",
        f"author: {json.dumps(rng.choice(POOLS['author']))}",
    ]
    if rng.random() < 0.5:
        lines.append(f"tags: [{a.treatment.key}, {json.dumps(a.slots['C'])}]")
    lines.append("---")
    return "\n".join(lines)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:48].rstrip("-")


def document(
    index: int, words: int = DEFAULT_WORDS, seed: int = 1, site: str = DEFAULT_SITE
) -> tuple[str, str, dict]:
    """Document ``index`` as (file name, Markdown text, planted counts); depends on nothing else."""
    rng = random.Random(f"klint-bench:{seed}:{index}")
    a = _new_article(rng, site)
    front = _front_matter(a, site)
    _body(a, words)
    _tail(a)
    text = front + "\n\n" + "\n\n".join(a.parts) + "\n"
    title = json.loads(front.split("\n")[1][len("title: ") :])
    name = f"{index:05d}-{_slug(title)}.md"
    return name, text, _manifest_entry(a, text)


def _manifest_entry(a: Article, text: str) -> dict:
    entry: dict = {
        "treatment": a.treatment.key,
        "condition": a.slots["C"],
        "words": len(text.split()),
        "bytes": len(text.encode("utf-8")),
    }
    entry.update(sorted(a.counts.items()))
    entry["links"] = len(_LINK.findall(text))  # structural: counted in the text, not as planted
    entry["suicide_without_crisis_line"] = int(
        bool(a.slots.get("suicide")) and not a.counts.get("crisis_line")
    )
    entry["site_claims"] = {
        "side_effects": a.slots.get("side_effects"),
        "approval_history": a.slots.get("history") if a.counts.get("site_history_claims") else None,
    }
    return entry


def _totals(files: dict[str, dict]) -> dict:
    totals: dict[str, int] = {}
    with_any: dict[str, int] = {}
    for entry in files.values():
        for key, value in entry.items():
            if isinstance(value, int) and not isinstance(value, bool):
                totals[key] = totals.get(key, 0) + value
                with_any[key] = with_any.get(key, 0) + (1 if value else 0)
    site: dict[str, dict[str, int]] = {}
    for entry in files.values():
        for fact, value in entry["site_claims"].items():
            if value is not None:
                site.setdefault(fact, {}).setdefault(value, 0)
                site[fact][value] += 1
    return {"sum": totals, "files_with": with_any, "site_claims": site}


def generate(
    out_dir: str | Path,
    files: int,
    words: int = DEFAULT_WORDS,
    seed: int = 1,
    site: str = DEFAULT_SITE,
) -> dict:
    """Write ``files`` documents and manifest.json into ``out_dir``; return the manifest."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    entries: dict[str, dict] = {}
    for i in range(files):
        name, text, entry = document(i, words, seed, site)
        (out / name).write_text(text, encoding="utf-8", newline="\n")
        entries[name] = entry
    # Documents left from an earlier, larger or differently seeded run would be timed too: drop
    # them (only names this generator writes).
    for stale in out.glob("[0-9][0-9][0-9][0-9][0-9]-*.md"):
        if stale.name not in entries:
            stale.unlink()
    manifest = {
        "generator": "klint benchmarks/make_corpus.py",
        "version": 1,
        "seed": seed,
        "site": site,
        "words_target": words,
        "files": entries,
        "totals": _totals(entries),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def generate_large(out_dir: str | Path, size_mb: float, seed: int = 1, site: str = DEFAULT_SITE) -> dict:
    """One file of about ``size_mb`` MB (10**6 bytes): chapters under one front matter.

    Footnote numbers run on across chapters, so they stay unique in the one file.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = int(size_mb * 1e6)
    rng = random.Random(f"klint-bench-large:{seed}")
    head = _new_article(rng, site)
    chunks = [_front_matter(head, site)]
    size = len(chunks[0].encode("utf-8"))
    counts: dict[str, int] = {}
    footnotes = 0
    chapter = 0
    while size < target:
        chapter += 1
        a = _new_article(random.Random(f"klint-bench-large:{seed}:{chapter}"), site, footnote_base=footnotes)
        _body(a, DEFAULT_WORDS)
        _tail(a)
        footnotes += len(a.footnotes)
        text = f"# Chapter {chapter}: {a.treatment.title}\n\n" + "\n\n".join(a.parts)
        chunks.append(text)
        size += len(text.encode("utf-8")) + 2
        for k, v in a.counts.items():
            counts[k] = counts.get(k, 0) + v
    text = "\n\n".join(chunks) + "\n"
    name = f"large-{size_mb:g}mb.md"
    (out / name).write_text(text, encoding="utf-8", newline="\n")
    entry = {"chapters": chapter, "words": len(text.split()), "bytes": len(text.encode("utf-8"))}
    entry.update(sorted(counts.items()))
    manifest = {
        "generator": "klint benchmarks/make_corpus.py",
        "version": 1,
        "seed": seed,
        "site": site,
        "size_mb": size_mb,
        "files": {name: entry},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--files", type=int, default=100, help="number of documents (default 100)")
    ap.add_argument(
        "--words", type=int, default=DEFAULT_WORDS, help="target words per document (default 1500)"
    )
    ap.add_argument("--out", type=Path, required=True, help="output folder (created)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument(
        "--site", default=DEFAULT_SITE, help=f"front-matter site of every document (default {DEFAULT_SITE})"
    )
    ap.add_argument("--size-mb", type=float, help="write one large file of this many MB instead")
    args = ap.parse_args(argv)
    if args.size_mb is not None:
        m = generate_large(args.out, args.size_mb, args.seed, args.site)
    else:
        if args.files < 1 or args.words < 200:
            ap.error("--files must be >= 1 and --words >= 200")
        m = generate(args.out, args.files, args.words, args.seed, args.site)
    total = sum(e["bytes"] for e in m["files"].values())
    words = sum(e["words"] for e in m["files"].values())
    print(f"{len(m['files'])} file(s), {total / 1e6:.2f} MB, {words:,} words -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
