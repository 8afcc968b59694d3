"""Word pools for the large data set: invented names and short, plausible case-note text.

Every person, street and school here is made up. Text is assembled from a few sentences so
rows have the length a real note has (pages and PDFs are measured with realistic sizes),
without pretending to be anyone's real record.
"""

from __future__ import annotations

FIRST_NAMES_F = [
    "Amelia", "Bethan", "Cerys", "Daisy", "Esme", "Freya", "Grace", "Hollie", "Imani", "Jada",
    "Kacey", "Layla", "Maisie", "Nadia", "Orla", "Poppy", "Rosa", "Sienna", "Tilly", "Yasmin",
    "Zara", "Aisha", "Bella", "Chantelle", "Demi", "Ellie", "Farah", "Gemma", "Hana", "Isla",
]  # fmt: skip
FIRST_NAMES_M = [
    "Alfie", "Bailey", "Callum", "Dylan", "Ethan", "Finley", "Harvey", "Isaac", "Jayden",
    "Kieran", "Leon", "Mason", "Nathan", "Oscar", "Reece", "Sami", "Tyler", "Umar", "Victor",
    "Warren", "Zane", "Kofi", "Luca", "Rhys", "Tomasz", "Ashton", "Brandon", "Connor", "Declan",
]  # fmt: skip
# Invented surnames: combinations unlikely to match a real family in any one authority.
SURNAME_PARTS_A = [
    "Ash", "Brack", "Cold", "Dun", "Elm", "Fern", "Gor", "Hale", "Ivy", "Kest", "Lark", "Marl",
    "North", "Oak", "Pell", "Quill", "Rook", "Sedge", "Thorn", "Wren", "Yarr", "Bram", "Clay",
]  # fmt: skip
SURNAME_PARTS_B = [
    "ford", "well", "ridge", "stone", "by", "ton", "wick", "more", "field", "croft", "hurst",
    "lake", "wood", "mere", "dale", "cote", "bury",
]  # fmt: skip
STREETS = [
    "Bracken Way", "Heron Close", "Mill Lane", "Saxon Road", "Kestrel Drive", "Orchard Rise",
    "Tanners Row", "Willow Walk", "Quarry Hill", "Larch Crescent", "Station Road", "Fen Lane",
]  # fmt: skip
TOWNS = ["Fernshire Market", "Oldbridge", "Kestwick", "Harlow Fen", "Marlby", "Thornbury Vale"]
STAFF_JOB_TITLES = ["Family support worker", "Senior family practitioner", "Edge of care worker"]

CONCERNS = [
    "Repeated arguments at home escalating to violence; {yp} has gone missing twice this month.",
    "{yp} is out of school most days and staying out late with older peers; police concerned.",
    "Parent says they cannot cope and has asked for {yp} to be accommodated.",
    "Episodes of self-harm and conflict with step-parent; the family is close to breaking down.",
    "Arrested for shoplifting and criminal damage; suspected criminal exploitation.",
    "Home conditions poor after eviction threat; parent's mental health has declined.",
]
CONTACT_PURPOSES = [
    "Evening visit: routines and bedtime",
    "Check-in call after a difficult weekend",
    "One-to-one time with {yp}",
    "Meeting with school about attendance",
    "Planning the family group conference",
    "Practising the calm-down plan together",
    "Reviewing the week with the family",
    "Text check-in about the curfew",
]
CONTACT_SENTENCES = [
    "Met {parent} and {yp} at home; the house was calm when I arrived.",
    "{yp} came in later than agreed and there was shouting on the doorstep.",
    "We sat down together and went through what had worked this week.",
    "{parent} said things had been easier since the new morning routine started.",
    "{yp} talked about school and said one teacher has been helpful.",
    "We practised the calm-down plan; {parent} stayed calm when {yp} swore.",
    "{yp} texted where they were by the agreed time on four nights out of five.",
    "Talked about money worries and who can help with the rent arrears.",
    "{parent} is sleeping better and feels more able to keep to the rules.",
    "{yp} said they want to stay at home and that things feel fairer now.",
]
NEXT_STEPS = [
    "Visit again on Thursday evening.",
    "Ring school on Monday about the timetable.",
    "Check whether the text-by-7pm rule held.",
    "Bring the budgeting sheet next time.",
    "",
]
DECISION_RATIONALE = (
    "The risks (conflict at home, going missing, a parent asking for accommodation) are real, "
    "but {parent} wants to keep {yp} at home, {yp} wants to stay, and the family has engaged "
    "with support before. Intensive support at home, with evening cover, is safer for {yp} "
    "than an emergency placement away from school and friends."
)
WORRIES = (
    "We are worried that arguments at home become physical and that {yp} goes missing "
    "when things get heated, which puts {yp} at risk of being hurt or exploited."
)
WORKING_WELL = "{parent} loves {yp} and wants things to change; {yp} is close to a grandparent."
NEEDS_TO_HAPPEN = "A calm-down plan, clear evening rules, and {yp} back in school every day."
NEED_TEXT = [
    "Arguments end without anyone getting hurt.",
    "{yp} goes to school every day.",
    "Everyone knows the evening rules and sticks to them.",
    "{yp} tells us where they are when they go out.",
    "The home is warm and the bills are paid.",
]
GOAL_KNOW = "We will have fewer than one big row a week and nobody will have to call the police."
ACTION_TEXT = [
    "Talk through the calm-down plan every Sunday evening.",
    "Walk {yp} to the school gate on Mondays and Tuesdays.",
    "Ring the worker if {yp} is not home by 9pm.",
    "Book the appointment with the GP about sleep.",
    "Fill in the budgeting sheet with the worker.",
]
CONTINGENCY = [
    (
        "If {yp} goes missing from home",
        "Ring {yp}'s phone, then friends; after one hour call the police on 101 and the "
        "out-of-hours line.",
    ),
    (
        "If an argument gets out of hand",
        "Everyone goes to a different room for ten minutes; {parent} rings the out-of-hours line.",
    ),
]
REVIEW_PROGRESS = (
    "Fewer arguments since the last review; {yp} has been in school on most days and the "
    "evening rules mostly hold."
)
REVIEW_VIEWS_YP = "{yp} said home feels calmer and wants the rules to stay the same."
REVIEW_VIEWS_FAMILY = "{parent} said they feel more in control and less on their own."
CLOSURE_SUMMARY = (
    "Intensive support at home with evening visits, a calm-down plan and work with school. "
    "The family now manage arguments themselves and {yp} is living at home."
)
WHAT_HELPED = "The calm-down plan, the text-by-7pm rule, and Sunday family meals."
