namespace Mizugiwa.Policy.Rgrey;

public enum RgreyMode
{
    /// <summary>Neither S25R nor greylisting.</summary>
    Off,
    /// <summary>The original S25R: clients matching the rules get 450 and nothing else.</summary>
    S25rOnly,
    /// <summary>S25R AND greylisting: only clients matching S25R are greylisted (the default).</summary>
    Rgrey,
    /// <summary>Greylist every client, as postgrey does.</summary>
    GreylistAll,
}
