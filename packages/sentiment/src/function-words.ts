/**
 * The function-word lists behind language identification (language.ts), the word cache's language evidence
 * (word-info.ts) and the Swedish lexicon's neutral words (lang-sv.ts). A module of their own so that the
 * tokenizer, which reads the word cache, does not import language.ts, which imports the tokenizer.
 */

// Words that are common in one language and rare in the other. Shared spellings ("i", "a", "man", "hand",
// "glad", "full") are left out on purpose.
/** Swedish function words; also kept neutral by the Swedish lexicon (see lang-sv.ts). */
export const SV_FUNCTION_WORDS: ReadonlySet<string> = new Set(('och att det är som på för med har av till den de om så var men vi kan ska sig ett hur när vad nu ' +
  'bara mycket också eller där då från kommer hade blir mig dig jag du han hon inte ingen inget inga sin sina sitt ' +
  'vara varit skulle efter mot vid än utan över under alla allt några någon något mer mest här nej ja tack bra ' +
  'dålig dåligt får fick går gick gör gjorde säger sa sedan redan igen också kanske väl ju nog även vill måste ' +
  'hos eftersom därför ni er era oss våra vår vårt dem deras denna detta dessa samma andra annat sådan bli blev ' +
  'ganska väldigt lite idag imorgon igår tycker tror vet fanns finns hej hejdå också mellan innan genom ' +
  'något aldrig alltid ofta hela stor stora liten små mitt min mina din dina ska skall sverige svenska svensk ' +
  'kunde borde vet tid år dag dagar folk människor lite heller jo nån nåt va typ asså alltså').split(' '));
export const EN_FUNCTION_WORDS: ReadonlySet<string> = new Set(('the and is are was were be been being to of in that it for you with this on have has had not but ' +
  'at my so just they we he she his her their them our your what which who when where why how all would will ' +
  'can could should there here from about out up if or as do does did dont don\'t im i\'m it\'s its than then ' +
  'very really because been get got going know think love like good bad great new one more no yes some any ' +
  'people today tomorrow time day would make made want need see back still only also even much well never ' +
  'always after before into over these those such again other thing things lol thanks thank please every ' +
  'into being by an been doesn\'t didn\'t isn\'t can\'t won\'t wasn\'t u ur im gonna wanna gotta').split(' '));
